import type { Series } from '../../core';
import {
  type Aggregator,
  familyOfMetricObject,
  Metric,
  type MetricObjectWithValues,
  type MetricValue,
  Registry,
  type RegistryContentType,
} from '../../core';
import { familyNameOf, type MetricFamily, type MetricType } from '../../model';
import { aggregators, type MetricJson } from './aggregators';

const TYPES: readonly MetricType[] = ['counter', 'gauge', 'histogram', 'summary'];

/** One metric of `AggregatorRegistry.aggregate()`: the combined JSON, exposed as it is. */
class AggregatedJsonMetric extends Metric<string, Series> {
  private readonly family: MetricFamily;

  constructor(
    private readonly json: MetricJson,
    registry: Registry<any>,
  ) {
    super(
      { name: json.name, help: json.help || json.name, registers: [registry] },
      TYPES.includes(json.type) ? json.type : 'gauge',
    );
    this.family = familyOfMetricObject(json, { quantiles: false });
    this.initialize();
  }

  override get familyName(): string {
    return familyNameOf(this.type, this.name);
  }

  protected createSeries(labelValues: readonly string[], labelNames: readonly string[]): Series {
    return { labelValues, labelNames };
  }

  protected resetSeries(): void {}

  protected snapshot(): MetricFamily {
    return this.family;
  }

  override async get(): Promise<MetricObjectWithValues<MetricValue<string>>> {
    return this.json;
  }

  protected values(): MetricValue<string>[] {
    return this.json.values;
  }
}

/**
 * prom-client's `AggregatorRegistry.aggregate()`: combines `getMetricsAsJSON()`
 * results of several processes, each metric by its `aggregator` (default
 * `sum`), into a new registry. Summary quantiles cannot be combined from their
 * values, so a summary keeps its combined `_count` and `_sum` only; the
 * cluster registries carry the quantile sketches and merge them instead.
 */
export function aggregateJson<T extends RegistryContentType>(
  metricsArr: MetricJson[][],
  contentType?: T,
): Registry<T> {
  const registry = new Registry<T>(contentType);
  const byName = new Map<string, MetricJson[]>();
  for (const metrics of metricsArr) {
    for (const metric of metrics) {
      let list = byName.get(metric.name);
      if (list === undefined) byName.set(metric.name, (list = []));
      list.push(metric.type === 'summary' ? withoutQuantiles(metric) : metric);
    }
  }
  for (const metrics of byName.values()) {
    const name = (metrics[0].aggregator ?? 'sum') as Aggregator;
    const aggregate = Object.hasOwn(aggregators, name) ? aggregators[name] : undefined;
    if (typeof aggregate !== 'function') throw new Error(`'${name}' is not a defined aggregator.`);
    const combined = aggregate(metrics);
    if (combined) new AggregatedJsonMetric(combined, registry);
  }
  return registry;
}

function withoutQuantiles(metric: MetricJson): MetricJson {
  return { ...metric, values: metric.values.filter((v) => v.labels?.quantile === undefined) };
}
