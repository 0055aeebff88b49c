import { instanceOf, Registry, shape, timerWait, valueRule } from '../../core';
import type { MetricsPusher } from './metrics-pusher';

/** Options of `withMetricsFlush`. */
export interface MetricsFlushOptions {
  /** Sends the metrics after each invocation (a `startRemoteWrite` or `startOtlpPush` handle). */
  readonly pusher: MetricsPusher;
  /**
   * The longest an invocation waits for its metrics to be delivered, in
   * seconds (default 2); less when a Lambda context says less time is left.
   */
  readonly deadlineSeconds?: number;
  /** Whose warning logger hears of a flush that failed or ran out of time (default: the global registry). */
  readonly registry?: Registry<any>;
}

export const DEFAULT_FLUSH_DEADLINE_SECONDS = 2;

/** What `withMetricsFlush` accepts. */
export const METRICS_FLUSH_RULE = shape<MetricsFlushOptions>(
  {
    pusher: valueRule(
      'an object with a flush() method (a startRemoteWrite or startOtlpPush handle)',
      (v) => typeof (v as { flush?: unknown } | null)?.flush === 'function',
    ),
    deadlineSeconds: timerWait('seconds', { orZero: true }),
    registry: instanceOf(Registry, 'a Registry'),
  },
  {
    refine: (value, path) =>
      value.pusher === undefined ? `${path ? `${path}.` : ''}pusher is required` : undefined,
  },
);
