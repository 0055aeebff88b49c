import type { PointSample } from '../model';
import { type Exemplar, forEachSample, type MetricFamily, type MetricType } from '../model';
import { labelRecord } from './samples';

/** How cluster aggregation combines a metric's values across workers (prom-client's option). */
export type Aggregator = 'omit' | 'sum' | 'first' | 'min' | 'max' | 'average';

/** One entry of `get().values`, in prom-client's shape. */
// biome-ignore lint/correctness/noUnusedVariables: T keeps prom-client's generic signature
export interface MetricValue<T extends string = string> {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
  timestamp?: number;
  /** A counter's exemplar once it has one; every histogram bucket's, or null. */
  exemplar?: PromClientExemplar | null;
}

/** An exemplar as prom-client's `get()` gives it: the timestamp in seconds. */
export interface PromClientExemplar {
  labelSet: Record<string, string>;
  value: number;
  timestamp: number | undefined;
}

export function promClientExemplar(exemplar: Exemplar): PromClientExemplar {
  return {
    labelSet: { ...exemplar.labels },
    value: exemplar.value,
    timestamp: exemplar.timestamp === undefined ? undefined : exemplar.timestamp / 1000,
  };
}

/** A metric's JSON form, as prom-client's `MetricObject`. */
export interface MetricObject {
  name: string;
  help: string;
  type: MetricType;
  aggregator: Aggregator;
}

/** A metric's JSON form with its values, as `registry.getMetricsAsJSON()` gives it. */
export interface MetricObjectWithValues<V extends MetricValue<string> = MetricValue<string>>
  extends MetricObject {
  values: V[];
}

/** A bucket's `le` as prom-client gives it: the bound, or `'+Inf'`. */
function promClientBound(bound: number): number | string {
  return bound === Number.POSITIVE_INFINITY ? '+Inf' : bound;
}

/**
 * prom-client's `get()` of a family: the one reading of the model in its
 * shape, for promkit's metrics and, in `getMetricsAsJSON()`, collectors.
 * `name` is the metric's name as declared (a counter's may lack `_total`).
 * As prom-client does, only buckets, `_sum` and `_count` carry `metricName`,
 * and every bucket has an exemplar or null.
 */
export function metricObjectOf(
  family: MetricFamily,
  name: string,
  aggregator: Aggregator,
): MetricObjectWithValues<MetricValue<string>> {
  const values: MetricValue<string>[] = [];
  let labelsOf: unknown;
  let labels: Record<string, string> = {};
  forEachSample(family, (sample: PointSample, point) => {
    if (point !== labelsOf) {
      labelsOf = point;
      labels = labelRecord(point);
    }
    switch (sample.kind) {
      case 'value': {
        const value: MetricValue<string> = { value: sample.value, labels };
        if (sample.exemplar !== undefined) value.exemplar = promClientExemplar(sample.exemplar);
        if (sample.timestamp !== undefined) value.timestamp = sample.timestamp;
        values.push(value);
        return;
      }
      case 'bucket':
        values.push({
          value: sample.value,
          labels: { ...labels, le: promClientBound(sample.labelValue as number) },
          metricName: name + sample.suffix,
          exemplar: sample.exemplar === undefined ? null : promClientExemplar(sample.exemplar),
        });
        return;
      case 'quantile':
      case 'state':
        values.push({
          value: sample.value,
          labels: { ...labels, [sample.label as string]: sample.labelValue as string | number },
        });
        return;
      case 'sum':
      case 'count':
        values.push({ value: sample.value, labels, metricName: name + sample.suffix });
        return;
      case 'created':
        return;
    }
  });
  return { name, help: family.help, type: family.type, aggregator, values };
}
