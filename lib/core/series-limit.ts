import { totalName } from '../model';
import type { SelfCounterFamily } from './scrape/self-counter';
import { MetricConfigError } from './validation';

/** Series a labelled metric stores unless told otherwise: OpenTelemetry SDKs' default cardinality limit. */
export const DEFAULT_MAX_SERIES = 2000;

export const OVERFLOW_FAMILY = 'promkit_series_overflow';

/** A series limit (`what` names the option in the error): a whole number >= 1, or Infinity for no limit. */
export function checkMaxSeries(what: string, value: unknown): number {
  if (value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && (value as number) >= 1)) {
    return value as number;
  }
  throw new MetricConfigError(`${what} must be a whole number >= 1 or Infinity, got ${String(value)}`);
}

/** promkit's own counter of the calls that went to each metric's overflow series, one per registry. */
export const OVERFLOW_COUNTER: SelfCounterFamily = {
  name: OVERFLOW_FAMILY,
  help: 'Calls whose label set was not stored because the metric had reached its series limit (maxSeries); they were recorded in the series labelled promkit_overflow="true".',
  label: 'metric',
  described: totalName(OVERFLOW_FAMILY),
};

export function overflowWarning(metric: string, maxSeries: number): string {
  return `promkit: metric "${metric}" reached its limit of ${maxSeries} series; calls with new label sets are recorded in its series {promkit_overflow="true"} and counted in ${totalName(OVERFLOW_FAMILY)}. Raise the limit with the maxSeries option if this many series are expected.`;
}
