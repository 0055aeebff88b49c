import {
  aggregateOf,
  familyNameOf,
  type HistogramPoint,
  type LabelSet,
  type MetricFamily,
  type SummaryPoint,
} from '../model';
import type { MetricObjectWithValues, MetricValue } from './metric-object';

type MetricJson = MetricObjectWithValues<MetricValue<string>>;

type Labels = Record<string, string | number>;

function labelSet(labels: Labels | undefined, without?: string): LabelSet {
  const names = Object.keys(labels ?? {}).filter((n) => n !== without);
  return { labelNames: names, labelValues: names.map((n) => String((labels as Labels)[n])) };
}

function parseBound(value: string | number | undefined): number {
  if (value === '+Inf' || value === 'Inf') return Number.POSITIVE_INFINITY;
  return typeof value === 'number' ? value : Number(value);
}

/** Values grouped by their labels without one label (`le`, `quantile`), in first-seen order. */
function groupBy(
  values: MetricValue<string>[],
  label: string,
): Map<string, { set: LabelSet; values: MetricValue<string>[] }> {
  const groups = new Map<string, { set: LabelSet; values: MetricValue<string>[] }>();
  for (const value of values) {
    const set = labelSet(value.labels, label);
    const key = JSON.stringify([set.labelNames, set.labelValues].map((a) => [...a].sort()));
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { set, values: [] }));
    group.values.push(value);
  }
  return groups;
}

function isAggregate(value: MetricValue, aggregate: 'count' | 'sum'): boolean {
  return value.metricName !== undefined && aggregateOf(value.metricName) === aggregate;
}

function histogramPoints(json: MetricJson): HistogramPoint[] {
  return [...groupBy(json.values, 'le').values()].map(({ set, values }) => {
    const buckets = values
      .filter((v) => v.metricName === undefined || aggregateOf(v.metricName) === 'bucket')
      .map((v) => ({ le: parseBound(v.labels.le), cumulative: v.value }))
      .filter((b) => !Number.isNaN(b.le))
      .sort((a, b) => a.le - b.le);
    const count = values.find((v) => isAggregate(v, 'count'))?.value;
    const sum = values.find((v) => isAggregate(v, 'sum'))?.value ?? 0;
    const finite = buckets.filter((b) => b.le !== Number.POSITIVE_INFINITY);
    const total =
      buckets.find((b) => b.le === Number.POSITIVE_INFINITY)?.cumulative ??
      count ??
      finite.at(-1)?.cumulative ??
      0;
    const bucketCounts = new Float64Array(finite.length + 1);
    let before = 0;
    finite.forEach((b, i) => {
      // Only a sum of cumulative counts stays cumulative; other aggregators may not, so clamp.
      bucketCounts[i] = Math.max(0, b.cumulative - before);
      before = Math.max(before, b.cumulative);
    });
    bucketCounts[finite.length] = Math.max(0, total - before);
    return { ...set, upperBounds: finite.map((b) => b.le), bucketCounts, count: count ?? total, sum };
  });
}

function summaryPoints(json: MetricJson, withQuantiles: boolean): SummaryPoint[] {
  return [...groupBy(json.values, 'quantile').values()].map(({ set, values }) => ({
    ...set,
    quantiles: withQuantiles
      ? values
          .filter((v) => v.labels?.quantile !== undefined)
          .map((v) => ({ quantile: Number(v.labels.quantile), value: v.value }))
      : [],
    count: values.find((v) => isAggregate(v, 'count'))?.value ?? 0,
    sum: values.find((v) => isAggregate(v, 'sum'))?.value ?? 0,
  }));
}

export interface MetricObjectOptions {
  /**
   * Keep a summary's quantiles (default true). Quantiles of different processes
   * cannot be combined from their values: an aggregate keeps only count and sum.
   */
  quantiles?: boolean;
}

/**
 * A metric's `get()` / `getMetricsAsJSON()` form (prom-client's shape) back in
 * the data model, for exposition.
 */
export function familyOfMetricObject(json: MetricJson, options: MetricObjectOptions = {}): MetricFamily {
  const head = { help: json.help };
  switch (json.type) {
    case 'counter':
      return {
        ...head,
        name: familyNameOf('counter', json.name),
        // Text 0.0.4 keeps the name the counter was given, as prom-client's own scrape does.
        textName: json.name,
        type: 'counter',
        points: json.values.map((v) => ({ ...labelSet(v.labels), value: v.value })),
      };
    case 'histogram':
      return { ...head, name: json.name, type: 'histogram', points: histogramPoints(json) };
    case 'summary':
      return {
        ...head,
        name: json.name,
        type: 'summary',
        points: summaryPoints(json, options.quantiles !== false),
      };
    default:
      return {
        ...head,
        name: json.name,
        type: 'gauge',
        points: json.values.map((v) => ({ ...labelSet(v.labels), value: v.value })),
      };
  }
}
