import type { Exemplar, MetricType } from '../model';

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

export interface MetricObject {
  name: string;
  help: string;
  type: MetricType;
  aggregator: Aggregator;
}

export interface MetricObjectWithValues<V extends MetricValue<string> = MetricValue<string>>
  extends MetricObject {
  values: V[];
}
