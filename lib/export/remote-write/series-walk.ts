import {
  bucketName,
  countName,
  type Exemplar,
  endsWithUnit,
  familyNameOf,
  formatNumber,
  type HistogramPoint,
  type LabelSet,
  type MetricFamily,
  type NativeHistogram,
  sumName,
  valueSampleName,
} from '../../model';
import { PointLabels, type SeriesLabels } from './series-labels';
import { CUSTOM_BUCKETS_SCHEMA, REMOTE_METRIC_TYPE } from './wire-fields';

/** A family's metadata, as both Remote Write versions carry it. */
export interface SeriesMetadata {
  readonly type: number;
  readonly familyName: string;
  readonly help: string;
  readonly unit: string;
}

/** A histogram sample: native buckets, or a classic histogram's as custom buckets (`customValues`). */
export interface HistogramSample {
  readonly count: number;
  readonly sum: number;
  readonly buckets: NativeHistogram;
  readonly customValues?: readonly number[];
}

/** What an encoder does with each series of a collection, in the order they come. */
export interface SeriesSink {
  /** The series that follow, up to the next call, belong to this family. */
  family(metadata: SeriesMetadata): void;
  /** `start`: when the series started counting (created), for counters, histograms and summaries. */
  sample(
    labels: SeriesLabels,
    value: number,
    timestamp: number,
    start: number | undefined,
    exemplar: Exemplar | undefined,
  ): void;
  histogram(
    labels: SeriesLabels,
    histogram: HistogramSample,
    timestamp: number,
    start: number | undefined,
  ): void;
  /** A stale marker: the series has ended. */
  stale(labels: SeriesLabels, timestamp: number): void;
}

export interface WalkOptions {
  /** Labels every series gets unless it has its own of that name (identity, default labels). */
  readonly constants: LabelSet;
  /** Milliseconds since the epoch given to every sample without a timestamp of its own. */
  readonly timestamp: number;
  /** Classic histograms also as native histograms with custom buckets (schema −53). */
  readonly customBuckets: boolean;
}

/**
 * Turns collected families into the series Remote Write sends, as Prometheus
 * stores them when it scrapes OpenMetrics: counters as `_total`, infos as
 * `_info`, classic histograms and summaries as their component series (`le`
 * and `quantile` in Go's shortest form, as text 0.0.4 and protobuf scrapes
 * give them and Prometheus 3 stores them from OpenMetrics too), state sets one series
 * per state. Native histograms are histogram samples.
 */
export function walkSeries(families: readonly MetricFamily[], sink: SeriesSink, options: WalkOptions): void {
  const labels = new PointLabels(options.constants);
  const now = options.timestamp;
  for (const family of families) {
    if (family.points.length === 0) continue;
    const name = familyNameOf(family.type, family.name);
    const unit = family.unit && endsWithUnit(name, family.unit) ? family.unit : '';
    sink.family({ type: REMOTE_METRIC_TYPE[family.type], familyName: name, help: family.help, unit });
    switch (family.type) {
      case 'counter': {
        const metric = valueSampleName('counter', name);
        for (const p of family.points)
          sink.sample(labels.set(p, metric), p.value, p.timestamp ?? now, p.created, p.exemplar);
        break;
      }
      case 'gauge':
      case 'unknown':
        for (const p of family.points)
          sink.sample(labels.set(p, name), p.value, p.timestamp ?? now, undefined, undefined);
        break;
      case 'info': {
        const metric = valueSampleName('info', name);
        for (const p of family.points)
          sink.sample(labels.set(p, metric), 1, p.timestamp ?? now, undefined, undefined);
        break;
      }
      case 'stateset':
        for (const p of family.points) {
          for (let s = 0; s < p.states.length; s++) {
            const enabled = p.enabled[s] ? 1 : 0;
            sink.sample(
              labels.set(p, name, name, p.states[s]),
              enabled,
              p.timestamp ?? now,
              undefined,
              undefined,
            );
          }
        }
        break;
      case 'summary': {
        const sum = sumName(name);
        const count = countName(name);
        for (const p of family.points) {
          const at = p.timestamp ?? now;
          for (const q of p.quantiles) {
            sink.sample(
              labels.set(p, name, 'quantile', formatNumber(q.quantile)),
              q.value,
              at,
              p.created,
              undefined,
            );
          }
          sink.sample(labels.set(p, sum), p.sum, at, p.created, undefined);
          sink.sample(labels.set(p, count), p.count, at, p.created, undefined);
        }
        break;
      }
      case 'histogram':
        for (const p of family.points)
          histogram(sink, labels, name, p, p.timestamp ?? now, options.customBuckets);
        break;
    }
  }
}

function histogram(
  sink: SeriesSink,
  labels: PointLabels,
  name: string,
  p: HistogramPoint,
  at: number,
  customBuckets: boolean,
): void {
  const bounds = p.upperBounds;
  const native = p.native;
  // A native-only histogram has no classic buckets to speak of: its one bucket is +Inf.
  if (native === undefined || bounds.length > 0) {
    const bucket = bucketName(name);
    let cumulative = 0;
    for (let b = 0; b <= bounds.length; b++) {
      cumulative += p.bucketCounts[b] ?? 0;
      const le = b < bounds.length ? formatNumber(bounds[b]) : '+Inf';
      sink.sample(labels.set(p, bucket, 'le', le), cumulative, at, p.created, p.exemplars?.[b]);
    }
    sink.sample(labels.set(p, sumName(name)), p.sum, at, p.created, undefined);
    sink.sample(labels.set(p, countName(name)), p.count, at, p.created, undefined);
  }
  if (native !== undefined) {
    sink.histogram(labels.set(p, name), { count: p.count, sum: p.sum, buckets: native }, at, p.created);
  } else if (customBuckets) {
    const buckets: NativeHistogram = {
      schema: CUSTOM_BUCKETS_SCHEMA,
      zeroThreshold: 0,
      zeroCount: 0,
      positive: [{ offset: 0, counts: p.bucketCounts }],
      negative: [],
    };
    sink.histogram(
      labels.set(p, name),
      { count: p.count, sum: p.sum, buckets, customValues: bounds },
      at,
      p.created,
    );
  }
}
