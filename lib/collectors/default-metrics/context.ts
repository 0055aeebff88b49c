import type { Collector } from '../../core';
import { type MetricFamily, sampleNamesOf } from '../../model';
import { CounterMetricFamily, GaugeMetricFamily } from '../families';

/** One group of default metrics: a collector that may own a monitor or observer to release. */
export interface DefaultMetricSource extends Collector {
  describe(): readonly string[];
  /** Releases monitors and observers; the source is not collected afterwards. */
  stop?(): void;
}

/**
 * The prefix and constant labels every default metric carries, and shortcuts
 * for the few family shapes the default metrics use.
 */
export class DefaultMetricsContext {
  readonly labelNames: readonly string[];
  readonly labelValues: readonly string[];

  constructor(
    readonly prefix: string,
    labels: Readonly<Record<string, string | number>>,
  ) {
    this.labelNames = Object.keys(labels);
    this.labelValues = this.labelNames.map((n) => String(labels[n]));
  }

  name(base: string): string {
    return this.prefix + base;
  }

  /** Every sample name of these families, for `describe()` (duplicate checks and `names` filtering). */
  sampleNames(families: readonly (readonly [MetricFamily['type'], string])[]): string[] {
    return families.flatMap(([type, base]) => sampleNamesOf(type, this.name(base)));
  }

  /** A gauge with one series carrying only the configured labels. */
  gauge(base: string, help: string, value: number): GaugeMetricFamily {
    return new GaugeMetricFamily(this.name(base), help, { labels: this.labelNames }).addMetric(
      this.labelValues,
      value,
    );
  }

  counter(base: string, help: string, value: number): CounterMetricFamily {
    return new CounterMetricFamily(this.name(base), help, { labels: this.labelNames }).addMetric(
      this.labelValues,
      value,
    );
  }

  /** A gauge with one series per key of `values`, the key in label `label`. */
  gaugeBy(
    base: string,
    help: string,
    label: string,
    values: Iterable<readonly [string, number]>,
  ): GaugeMetricFamily {
    const family = new GaugeMetricFamily(this.name(base), help, { labels: [label, ...this.labelNames] });
    for (const [key, value] of values) family.addMetric([key, ...this.labelValues], value);
    return family;
  }
}

/** How many times each name occurs, for the per-type breakdowns of handles, requests and resources. */
export function countBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
