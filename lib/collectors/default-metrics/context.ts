import { type Collector, labelValueToString } from '../../core';
import {
  type CounterFamily,
  familyNameOf,
  type GaugeFamily,
  type GaugePoint,
  type MetricFamily,
  sampleNamesOf,
} from '../../model';

/** One group of default metrics: a collector that may own a monitor or observer to release. */
export interface DefaultMetricSource extends Collector {
  describe(): readonly string[];
  /** Releases monitors and observers; the source is not collected afterwards. */
  stop?(): void;
}

/**
 * The prefix and constant labels every default metric carries, and shortcuts
 * for the few family shapes the default metrics use. Names, help texts and
 * labels are checked once, here and where the sources are created; a scrape
 * then builds plain families with no checks of its own, which is most of
 * what the default metrics would otherwise cost per scrape.
 */
export class DefaultMetricsContext {
  readonly labelNames: readonly string[];
  readonly labelValues: readonly string[];

  constructor(
    readonly prefix: string,
    labels: Readonly<Record<string, string | number>>,
  ) {
    this.labelNames = Object.keys(labels);
    this.labelValues = this.labelNames.map((n) =>
      labelValueToString('collectDefaultMetrics labels', n, labels[n]),
    );
  }

  name(base: string): string {
    return this.prefix + base;
  }

  /** Every sample name of these families, for `describe()` (duplicate checks and `names` filtering). */
  sampleNames(families: readonly (readonly [MetricFamily['type'], string])[]): string[] {
    return families.flatMap(([type, base]) => sampleNamesOf(type, this.name(base)));
  }

  /** A gauge with one series carrying only the configured labels. */
  gauge(base: string, help: string, value: number): GaugeFamily {
    const point = { labelNames: this.labelNames, labelValues: this.labelValues, value };
    return { type: 'gauge', name: this.name(base), help, points: [point] };
  }

  /** A counter with one series carrying only the configured labels; `base` ends in `_total`. */
  counter(base: string, help: string, value: number): CounterFamily {
    const point = { labelNames: this.labelNames, labelValues: this.labelValues, value };
    return { type: 'counter', name: familyNameOf('counter', this.name(base)), help, points: [point] };
  }

  /** A gauge with one series per key of `values`, the key in label `label`. */
  gaugeBy(
    base: string,
    help: string,
    label: string,
    values: Iterable<readonly [string, number]>,
  ): GaugeFamily {
    const labelNames = [label, ...this.labelNames];
    const points: GaugePoint[] = [];
    for (const [key, value] of values)
      points.push({ labelNames, labelValues: [key, ...this.labelValues], value });
    return { type: 'gauge', name: this.name(base), help, points };
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
