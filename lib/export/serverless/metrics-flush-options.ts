import { instanceOf, Registry, shape, valueRule } from '../../core';
import type { MetricsPusher } from './metrics-pusher';

/** Options of `withMetricsFlush`. */
export interface MetricsFlushOptions {
  /** Sends the metrics after each invocation (a `startRemoteWrite` or `startOtlpPush` handle). */
  readonly pusher: MetricsPusher;
  /**
   * The longest an invocation waits for its metrics to be delivered, in
   * milliseconds (default 2000); less when a Lambda context says less time is left.
   */
  readonly deadlineMs?: number;
  /** Whose warning logger hears of a flush that failed or ran out of time (default: the global registry). */
  readonly registry?: Registry<any>;
}

export const DEFAULT_FLUSH_DEADLINE_MS = 2000;

/** What `withMetricsFlush` accepts. */
export const METRICS_FLUSH_RULE = shape<MetricsFlushOptions>(
  {
    pusher: valueRule(
      'an object with a flush() method (a startRemoteWrite or startOtlpPush handle)',
      (v) => typeof (v as { flush?: unknown } | null)?.flush === 'function',
    ),
    deadlineMs: valueRule(
      'a number of milliseconds from 0 to 2147483647',
      (v) => typeof v === 'number' && v >= 0 && v < 2 ** 31,
    ),
    registry: instanceOf(Registry, 'a Registry'),
  },
  {
    refine: (value, path) =>
      value.pusher === undefined ? `${path ? `${path}.` : ''}pusher is required` : undefined,
  },
);
