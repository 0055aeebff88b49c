import type { LabelSet, Quantile } from '../../model';

/**
 * One export as OTLP shapes it, built once from a collection and written by
 * either encoder (protobuf or JSON): the mapping lives in map-families.ts, the
 * encoders only spell it. (Cumulative protobuf pushes skip these objects for
 * counters and gauges, the bulk of an export, and take their names from the
 * same place.) Times are milliseconds since the epoch; attributes reuse the
 * points' own label arrays.
 */

export const TEMPORALITY = { delta: 1, cumulative: 2 } as const;
export type Temporality = keyof typeof TEMPORALITY;

export interface OtlpExemplar {
  readonly attributes: LabelSet;
  readonly timeMs?: number;
  readonly value: number;
  readonly traceId?: Uint8Array;
  readonly spanId?: Uint8Array;
}

interface OtlpPointBase {
  readonly attributes: LabelSet;
  readonly startMs?: number;
  readonly timeMs: number;
}

export interface OtlpNumberPoint extends OtlpPointBase {
  readonly value: number;
  readonly exemplars?: readonly OtlpExemplar[];
}

export interface OtlpHistogramPoint extends OtlpPointBase {
  readonly count: number;
  readonly sum: number;
  /** Per bucket, one more than `explicitBounds` (the last is +Inf). */
  readonly bucketCounts: ArrayLike<number>;
  readonly explicitBounds: readonly number[];
  readonly exemplars?: readonly OtlpExemplar[];
}

/** Dense buckets of one sign: `counts[k]` is OTLP bucket `offset + k`, (base^(offset+k), base^(offset+k+1)]. */
export interface OtlpBuckets {
  readonly offset: number;
  readonly counts: readonly number[];
}

export interface OtlpExponentialPoint extends OtlpPointBase {
  readonly count: number;
  readonly sum: number;
  readonly scale: number;
  readonly zeroCount: number;
  readonly zeroThreshold: number;
  readonly positive: OtlpBuckets;
  readonly negative: OtlpBuckets;
  readonly exemplars?: readonly OtlpExemplar[];
}

export interface OtlpSummaryPoint extends OtlpPointBase {
  readonly count: number;
  readonly sum: number;
  readonly quantiles: readonly Quantile[];
}

interface OtlpMetricBase {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  /** The Prometheus type, sent as the `prometheus.type` metadata the compatibility spec asks for. */
  readonly prometheusType: string;
}

export interface OtlpGauge extends OtlpMetricBase {
  readonly kind: 'gauge';
  readonly points: readonly OtlpNumberPoint[];
}

export interface OtlpSum extends OtlpMetricBase {
  readonly kind: 'sum';
  readonly monotonic: boolean;
  readonly temporality: Temporality;
  readonly points: readonly OtlpNumberPoint[];
}

export interface OtlpHistogram extends OtlpMetricBase {
  readonly kind: 'histogram';
  readonly temporality: Temporality;
  readonly points: readonly OtlpHistogramPoint[];
}

export interface OtlpExponentialHistogram extends OtlpMetricBase {
  readonly kind: 'exponentialHistogram';
  readonly temporality: Temporality;
  readonly points: readonly OtlpExponentialPoint[];
}

export interface OtlpSummary extends OtlpMetricBase {
  readonly kind: 'summary';
  readonly points: readonly OtlpSummaryPoint[];
}

export type OtlpMetric = OtlpGauge | OtlpSum | OtlpHistogram | OtlpExponentialHistogram | OtlpSummary;

export interface OtlpExport {
  /** Resource attributes, in order. */
  readonly resource: LabelSet;
  readonly scopeName: string;
  readonly metrics: readonly OtlpMetric[];
}
