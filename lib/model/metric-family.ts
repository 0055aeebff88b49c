/**
 * The data model every metric and collector produces at scrape time, and every
 * exposition format reads. Metric classes hand out their live series objects as
 * points (no copying), so exposition must treat points as read-only.
 *
 * A point carries its labels itself rather than pointing at a separate label
 * object: a metric's series is then one object, not two, which at 100k series
 * is a few megabytes.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'info' | 'stateset' | 'unknown';

/** Label names and values of one series, parallel arrays. */
export interface LabelSet {
  readonly labelNames: readonly string[];
  readonly labelValues: readonly string[];
  /**
   * Value `index`, for label sets that build `labelValues` anew on each read
   * (a metric's series keep their values together with the metric's other
   * series): a writer going through every series reads them one at a time.
   */
  labelValueAt?(index: number): string;
}

/** A label set without labels. */
export const NO_LABEL_SET: LabelSet = Object.freeze({ labelNames: [], labelValues: [] });

/** Value `index` of a label set, without building its values when it keeps them elsewhere. */
export function labelValueAt(labels: LabelSet, index: number): string {
  return labels.labelValueAt === undefined ? labels.labelValues[index] : labels.labelValueAt(index);
}

/** An exemplar: labels linking an observation to a trace, with its value and time. */
export interface Exemplar {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  /** Milliseconds since the epoch. */
  readonly timestamp?: number;
}

interface PointBase extends LabelSet {
  /** Milliseconds since the epoch, for collectors that report samples with their own time. */
  readonly timestamp?: number;
}

/** One series of a counter family. */
export interface CounterPoint extends PointBase {
  readonly value: number;
  /** Milliseconds since the epoch when the series was created or last reset. */
  readonly created?: number;
  readonly exemplar?: Exemplar;
}

/** One series of a gauge family. */
export interface GaugePoint extends PointBase {
  readonly value: number;
}

/** One series of an untyped family. */
export type UnknownPoint = GaugePoint;

/** Consecutive native buckets of one sign: `counts[k]` observations fell in bucket `offset + k`. */
export interface NativeBucketRun {
  readonly offset: number;
  /** Zeros are allowed: an empty bucket inside a run is simply not written. */
  readonly counts: ArrayLike<number>;
}

/**
 * The native (exponential) buckets of a histogram, as Prometheus defines them:
 * bucket `i` of a sign holds the absolute values in (2^((i-1)/2^schema), 2^(i/2^schema)],
 * and values within `zeroThreshold` of zero are counted in the zero bucket.
 */
export interface NativeHistogram {
  /** -4 to 8. */
  readonly schema: number;
  readonly zeroThreshold: number;
  readonly zeroCount: number;
  /** Ascending, non-overlapping runs of positive buckets. */
  readonly positive: readonly NativeBucketRun[];
  /** Ascending, non-overlapping runs of negative buckets, indexed by absolute value. */
  readonly negative: readonly NativeBucketRun[];
  /** Exemplars of the native histogram; each carries a timestamp. */
  readonly exemplars?: readonly Exemplar[];
}

/** One series of a histogram family: cumulative buckets, count, sum and, when native, its sparse buckets. */
export interface HistogramPoint extends PointBase {
  /** Finite, strictly increasing upper bounds; the +Inf bucket is implied. */
  readonly upperBounds: readonly number[];
  /** Per-bucket (not cumulative) counts; one more entry than upperBounds, the last for +Inf. */
  readonly bucketCounts: ArrayLike<number>;
  readonly count: number;
  readonly sum: number;
  readonly created?: number;
  /** Optional exemplar per bucket, indexed like bucketCounts. */
  readonly exemplars?: ArrayLike<Exemplar | undefined>;
  /**
   * Native buckets of the same observations, when the histogram has them
   * (only the protobuf format can carry them). A native-only histogram has no
   * upper bounds: its one classic bucket is +Inf.
   */
  readonly native?: NativeHistogram;
}

/** One quantile of a summary series. */
export interface Quantile {
  readonly quantile: number;
  readonly value: number;
}

/** One series of a summary family: quantiles, count and sum. */
export interface SummaryPoint extends PointBase {
  readonly quantiles: readonly Quantile[];
  readonly count: number;
  readonly sum: number;
  readonly created?: number;
}

/** One series of an info family (its labels are the information). */
export type InfoPoint = PointBase;

/** One series of a state set family: each state and whether it is active. */
export interface StateSetPoint extends PointBase {
  readonly states: readonly string[];
  /** Parallel to `states`: whether each state is enabled. */
  readonly enabled: ArrayLike<boolean>;
}

interface FamilyBase<T extends MetricType, P> {
  /** Family name: no `_total` for counters, no `_info` for info metrics. */
  readonly name: string;
  readonly help: string;
  readonly type: T;
  readonly unit?: string;
  /**
   * The metric's OpenTelemetry name, which OTLP pushes send instead of the
   * Prometheus name (`http.server.request.duration` for
   * `http_server_request_duration_seconds`), with `unit` in UCUM.
   */
  readonly otlpName?: string;
  /** The OpenTelemetry names of labels that OTLP pushes send as attributes: `http.route` for `http_route`. */
  readonly otlpAttributeNames?: Readonly<Record<string, string>>;
  readonly points: readonly P[];
}

/** A counter family: name, help, unit and its series. */
export interface CounterFamily extends FamilyBase<'counter', CounterPoint> {
  /**
   * The name Prometheus text 0.0.4 gives the family and its samples. prom-client
   * exposes a counter under the name it was given (`jobs` stays `jobs`; only
   * OpenMetrics writes `jobs_total`), and dashboards are built on that name.
   * Without it, text writes `<name>_total`, as OpenMetrics does.
   */
  readonly textName?: string;
}
/** A gauge family. */
export type GaugeFamily = FamilyBase<'gauge', GaugePoint>;
/** A histogram family. */
export type HistogramFamily = FamilyBase<'histogram', HistogramPoint>;
/** A summary family. */
export type SummaryFamily = FamilyBase<'summary', SummaryPoint>;
/** An info family. */
export type InfoFamily = FamilyBase<'info', InfoPoint>;
/** A state set family. */
export type StateSetFamily = FamilyBase<'stateset', StateSetPoint>;
/** An untyped family. */
export type UnknownFamily = FamilyBase<'unknown', UnknownPoint>;

/** What a collector gives a scrape: one metric family of any type, read by every exposition format. */
export type MetricFamily =
  | CounterFamily
  | GaugeFamily
  | HistogramFamily
  | SummaryFamily
  | InfoFamily
  | StateSetFamily
  | UnknownFamily;
