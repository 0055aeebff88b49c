import type { Exemplar } from '../model';
import { useSamplingClock } from './sampling-clock';
import { currentTraceLabels } from './trace-context';
import { describe, MetricConfigError } from './validation';

/**
 * `exemplars` option of counters and histograms: `'trace'` attaches the
 * active sampled trace's `trace_id` and `span_id` automatically, rate-limited;
 * `'none'` (the default) records only exemplars passed explicitly.
 */
export type ExemplarsOption = 'trace' | 'none';

export function tracesExemplars(metric: string, option: unknown): boolean {
  if (option === undefined || option === 'none') return false;
  if (option === 'trace') return true;
  throw new MetricConfigError(
    `Metric "${metric}": exemplars must be "trace" or "none", got ${describe(option)}`,
  );
}

/**
 * An exemplar is kept at least this long before a newer trace may replace it,
 * so a scrape sees it and it survives long enough for someone to follow it
 * (client_java's default minimum retention).
 */
export const MIN_RETENTION_MS = 7000;

/** A series that samples trace exemplars: the clock tick from which it may try again. */
export interface TraceSampledSeries {
  nextSampleTick: number;
}

/**
 * The slow path of a series sampling trace exemplars, taken when the sampling
 * clock has reached `series.nextSampleTick`: returns a new exemplar for the
 * slot now holding `current`, or undefined to keep that one, and lets the
 * series try again one interval later. Costs a clock read, and a trace
 * lookup only when the slot's exemplar is old enough to be replaced.
 */
export function sampleTraceExemplar(
  series: TraceSampledSeries,
  current: Exemplar | undefined,
  value: number,
): Exemplar | undefined {
  const tick = useSamplingClock();
  // The clock had stopped (tick +Infinity); now that it runs again this series may not be due.
  if (tick < series.nextSampleTick) return undefined;
  series.nextSampleTick = tick + 1;
  const now = Date.now();
  if (current !== undefined && now - (current.timestamp ?? 0) < MIN_RETENTION_MS) return undefined;
  const labels = currentTraceLabels();
  return labels === undefined ? undefined : { labels, value, timestamp: now };
}
