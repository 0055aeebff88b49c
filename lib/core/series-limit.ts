import type { CounterFamily, MetricFamily } from '../model';
import type { Collector } from './collector';
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

/**
 * One per registry, registered the first time one of its metrics overflows:
 * exposes how many calls went to each metric's overflow series.
 */
class OverflowReport implements Collector {
  private readonly counts = new Map<string, number>();

  /** Returns whether this was the metric's first overflowing call. */
  record(metric: string): boolean {
    const count = this.counts.get(metric) ?? 0;
    this.counts.set(metric, count + 1);
    return count === 0;
  }

  collect(): MetricFamily[] {
    const family: CounterFamily = {
      name: OVERFLOW_FAMILY,
      help: 'Calls whose label set was not stored because the metric had reached its series limit (maxSeries); they were recorded in the series labelled promkit_overflow="true".',
      type: 'counter',
      points: [...this.counts].map(([metric, value]) => ({
        labelNames: ['metric'],
        labelValues: [metric],
        value,
      })),
    };
    return [family];
  }

  describe(): readonly string[] {
    return [`${OVERFLOW_FAMILY}_total`];
  }
}

/** Where overflow is reported: the registries a metric is in, seen only as places to register a collector. */
interface CollectorHost {
  registerCollector(collector: Collector): unknown;
}

const reports = new WeakMap<CollectorHost, OverflowReport>();

/** Counts one overflowing call of `metric` in the overflow counter of each registry. */
export function recordOverflow(metric: string, registries: readonly CollectorHost[]): void {
  for (const registry of registries) {
    let report = reports.get(registry);
    if (report === undefined) {
      report = new OverflowReport();
      reports.set(registry, report);
    }
    // Registering again is a no-op; doing it per newly overflowing metric puts the report back after a clear().
    if (report.record(metric)) registry.registerCollector(report);
  }
}

export function overflowWarning(metric: string, maxSeries: number): string {
  return `promkit: metric "${metric}" reached its limit of ${maxSeries} series; calls with new label sets are recorded in its series {promkit_overflow="true"} and counted in ${OVERFLOW_FAMILY}_total. Raise the limit with the maxSeries option if this many series are expected.`;
}
