import type { MetricObjectWithValues, MetricValue } from '../../core';

/** A metric as `getMetricsAsJSON()` describes it, as it arrives from another process. */
export type MetricJson = MetricObjectWithValues<MetricValue<string>>;

/** Combines one metric's JSON from several processes into one (undefined: leave the metric out). */
export type AggregatorFunction = (metrics: MetricJson[]) => MetricJson | undefined;

/** Label sets compare by content, whatever the key order. */
function labelsKey(labels: Record<string, string | number> | undefined): string {
  if (labels === undefined || labels === null) return '';
  return Object.keys(labels)
    .sort()
    .map((k) => `${k.length}:${k}${String(labels[k]).length}:${String(labels[k])}`)
    .join('');
}

/**
 * prom-client's `AggregatorFactory`: groups the values of every process by
 * sample name and labels and reduces each group with `reduce`.
 */
export function aggregatorOf(reduce: (values: MetricValue<string>[]) => number): AggregatorFunction {
  return (metrics) => {
    if (metrics.length === 0) return undefined;
    const groups = new Map<string, MetricValue<string>[]>();
    for (const metric of metrics) {
      for (const value of metric.values) {
        const key = `${value.metricName ?? ''}\u0000${labelsKey(value.labels)}`;
        let group = groups.get(key);
        if (group === undefined) groups.set(key, (group = []));
        group.push(value);
      }
    }
    const values: MetricValue<string>[] = [];
    for (const group of groups.values()) {
      const value: MetricValue<string> = { value: reduce(group), labels: group[0].labels };
      if (group[0].metricName) value.metricName = group[0].metricName;
      values.push(value);
    }
    const { help, name, type, aggregator } = metrics[0];
    return { help, name, type, values, aggregator };
  };
}

/** prom-client's `aggregators`, by the names the `aggregator` metric option takes. */
export const aggregators: Record<'sum' | 'first' | 'min' | 'max' | 'average' | 'omit', AggregatorFunction> = {
  sum: aggregatorOf((v) => v.reduce((total, x) => total + x.value, 0)),
  first: aggregatorOf((v) => v[0].value),
  min: aggregatorOf((v) => v.reduce((m, x) => Math.min(m, x.value), Number.POSITIVE_INFINITY)),
  max: aggregatorOf((v) => v.reduce((m, x) => Math.max(m, x.value), Number.NEGATIVE_INFINITY)),
  average: aggregatorOf((v) => v.reduce((total, x) => total + x.value, 0) / v.length),
  omit: () => undefined,
};
