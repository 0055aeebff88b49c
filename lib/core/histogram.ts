import type { Exemplar, HistogramFamily } from '../model';
import { checkBuckets } from './buckets';
import { isExemplarCall } from './counter';
import { CreatedSeries } from './created-series';
import { type ExemplarLabels, makeExemplar } from './exemplar';
import type { LabelValues } from './labels';
import { type CollectFunction, Metric, type MetricConfiguration } from './metric';
import {
  NativeBuckets,
  type NativeHistogramConfig,
  type NativeHistogramOptions,
  resolveNativeOptions,
} from './native-histogram';
import { samplingClock } from './sampling-clock';
import { startTiming, type TimerEnd, timeCall } from './timer';
import { type ExemplarsOption, sampleTraceExemplar, tracesExemplars } from './trace-exemplars';
import { describe, MetricValueError } from './validation';

/** What changes a series, for `seriesTtlSeconds`. */
const SERIES_UPDATES: readonly string[] = ['observe', 'record'];

/** A histogram's options, as prom-client's `HistogramConfiguration`, with native (sparse) buckets besides. */
export interface HistogramConfiguration<T extends string> extends MetricConfiguration<T> {
  /** Classic bucket upper bounds. With `native` and no `buckets`, the histogram is native only. */
  buckets?: number[];
  /**
   * Native (exponential) buckets, exposed in the protobuf format: `true` for
   * the defaults, or options. Classic buckets are kept alongside when `buckets` is given.
   */
  native?: boolean | NativeHistogramOptions;
  collect?: CollectFunction<Histogram<T>>;
  /** `'trace'`: each bucket may carry the active trace of an observation in it (rate-limited). */
  exemplars?: ExemplarsOption;
}

/** prom-client's exemplar form: `observe({ labels, value, exemplarLabels })`. */
export interface ObserveDataWithExemplar<T extends string> {
  labels?: LabelValues<T>;
  value: number;
  exemplarLabels?: ExemplarLabels;
}

/** Labels given when a timer starts and when it ends, as prom-client merges them (the end's win). */
function mergeLabels(
  start: ExemplarLabels | undefined,
  end: ExemplarLabels | undefined,
): ExemplarLabels | undefined {
  return start === undefined ? end : end === undefined ? start : { ...start, ...end };
}

/**
 * The classic bucket bounds a histogram configuration asks for: native-only
 * (none) when native buckets are on and no `buckets` are given, since default
 * classic buckets would add 12 series per label set.
 */
export function classicBounds(
  metric: string,
  config: { buckets?: unknown },
  native: NativeHistogramConfig | undefined,
): readonly number[] {
  return native !== undefined && config.buckets === undefined ? [] : checkBuckets(metric, config.buckets);
}

/** Above this many buckets a binary search beats a linear scan. */
const LINEAR_SCAN_LIMIT = 24;

function isObservation(value: unknown): value is number {
  return typeof value === 'number' && !Number.isNaN(value);
}

function observationError(where: string, value: unknown): MetricValueError {
  return new MetricValueError(
    `${where}: observed value must be a number other than NaN, got ${describe(value)}`,
  );
}

/** One series of a histogram: per-bucket counts, sum and count, and native buckets when configured. */
export class HistogramSeries extends CreatedSeries<Histogram<string>> {
  readonly bucketCounts: Float64Array;
  count = 0;
  sum = 0;
  exemplars: Array<Exemplar | undefined> | undefined = undefined;
  readonly native: NativeBuckets | undefined;

  constructor(metric: Histogram<string>, labelValues: readonly string[], labelNames: readonly string[]) {
    super(metric, labelValues, labelNames);
    this.bucketCounts = new Float64Array(metric.upperBounds.length + 1);
    const config = metric.nativeConfig;
    this.native = config === undefined ? undefined : new NativeBuckets(config);
  }

  get upperBounds(): readonly number[] {
    return this.metric.upperBounds;
  }

  observe(value: number, exemplarLabels?: ExemplarLabels): void {
    if (!isObservation(value)) throw observationError(this.describeSeries('Histogram'), value);
    const exemplar =
      exemplarLabels === undefined ? undefined : makeExemplar(this.metric.name, exemplarLabels, value);
    this.record(this.metric.upperBounds, value, exemplar);
  }

  /**
   * An observation the caller has already checked, so a rejected call never
   * reaches a series. `bounds` are the metric's upper bounds: a metric passes
   * its own, which V8 reads faster than through the series it has just looked up.
   */
  record(bounds: readonly number[], value: number, exemplar: Exemplar | undefined): void {
    const n = bounds.length;
    let i = 0;
    if (n <= LINEAR_SCAN_LIMIT) {
      while (i < n && value > bounds[i]) i++;
    } else {
      let hi = n;
      while (i < hi) {
        const mid = (i + hi) >>> 1;
        if (value > bounds[mid]) i = mid + 1;
        else hi = mid;
      }
    }
    if (exemplar !== undefined) {
      if (this.exemplars === undefined) this.exemplars = new Array(n + 1).fill(undefined);
      this.exemplars[i] = exemplar;
      this.native?.addExemplar(exemplar);
    }
    this.bucketCounts[i]++;
    this.count++;
    this.sum += value;
    const native = this.native;
    if (native?.observe(value)) this.overBucketLimit(native, value);
  }

  /**
   * More native buckets than `maxBuckets`: reset the whole series if it has
   * lived `minResetDuration` (then count this observation again), otherwise
   * shrink the buckets and schedule the reset that restores the resolution.
   */
  private overBucketLimit(native: NativeBuckets, value: number): void {
    const { minResetDuration } = this.metric.nativeConfig as NativeHistogramConfig;
    const age = Date.now() - this.created;
    if (minResetDuration > 0 && age >= minResetDuration) {
      this.reset();
      this.record(this.metric.upperBounds, value, undefined);
      return;
    }
    native.shrink();
    if (minResetDuration > 0 && native.lowered)
      native.scheduleRestore(minResetDuration - age, () => this.reset());
  }

  /** Returns a function that observes the seconds elapsed and returns them. */
  startTimer(): TimerEnd<[exemplarLabels?: ExemplarLabels]> {
    return startTiming((seconds, exemplarLabels?: ExemplarLabels) => this.observe(seconds, exemplarLabels));
  }

  reset(): void {
    this.bucketCounts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.restamp();
    this.exemplars = undefined;
    this.native?.reset();
  }
}

/** A histogram series with `exemplars: 'trace'`: at most one look at the active trace per sampling interval. */
class TraceSampledHistogramSeries extends HistogramSeries {
  nextSampleTick = 0;

  override record(bounds: readonly number[], value: number, exemplar: Exemplar | undefined): void {
    super.record(bounds, value, exemplar);
    if (exemplar === undefined && samplingClock.tick >= this.nextSampleTick) this.sampleTrace(value);
  }

  private sampleTrace(value: number): void {
    const bounds = this.metric.upperBounds;
    let bucket = 0;
    while (bucket < bounds.length && value > bounds[bucket]) bucket++;
    const exemplar = sampleTraceExemplar(this, this.exemplars?.[bucket], value);
    if (exemplar === undefined) return;
    this.exemplars ??= new Array(bounds.length + 1).fill(undefined);
    this.exemplars[bucket] = exemplar;
    this.native?.addExemplar(exemplar);
  }
}

/** Counts observations into configurable buckets. */
export class Histogram<T extends string = string> extends Metric<T, HistogramSeries> {
  readonly upperBounds: readonly number[];
  private readonly tracesExemplars: boolean;
  /** Native bucket settings; undefined for a classic-only histogram. */
  readonly nativeConfig: NativeHistogramConfig | undefined;

  constructor(declared: HistogramConfiguration<T>) {
    super(declared, 'histogram', ['le']);
    const config = this.configured(declared);
    this.nativeConfig = resolveNativeOptions(this.name, config.native);
    this.upperBounds = classicBounds(this.name, config, this.nativeConfig);
    this.tracesExemplars = tracesExemplars(this.name, config.exemplars);
    this.initialize();
  }

  protected createSeries(labelValues: readonly string[], labelNames: readonly string[]): HistogramSeries {
    return this.tracesExemplars
      ? new TraceSampledHistogramSeries(this, labelValues, labelNames)
      : new HistogramSeries(this, labelValues, labelNames);
  }

  protected override seriesUpdates(): readonly string[] {
    return SERIES_UPDATES;
  }

  protected resetSeries(series: HistogramSeries): void {
    series.reset();
  }

  observe(value: number, exemplarLabels?: ExemplarLabels): void;
  observe(labels: LabelValues<T>, value: number, exemplarLabels?: ExemplarLabels): void;
  observe(data: ObserveDataWithExemplar<T>): void;
  observe(
    labelsOrValue: LabelValues<T> | ObserveDataWithExemplar<T> | number,
    valueOrExemplarLabels?: number | ExemplarLabels,
    exemplarLabels?: ExemplarLabels,
  ): void {
    if (typeof labelsOrValue === 'number') {
      this.observeValue(labelsOrValue, valueOrExemplarLabels as ExemplarLabels | undefined);
      return;
    }
    if (labelsOrValue === null || typeof labelsOrValue !== 'object')
      throw observationError(`Histogram "${this.name}"`, labelsOrValue);
    if (
      valueOrExemplarLabels === undefined &&
      this.enableExemplars &&
      isExemplarCall(labelsOrValue, this.labelNames)
    ) {
      this.observeWithExemplar(labelsOrValue as ObserveDataWithExemplar<T>);
      return;
    }
    const value = valueOrExemplarLabels;
    if (!isObservation(value)) throw observationError(this.describeCall('Histogram', labelsOrValue), value);
    const exemplar =
      exemplarLabels === undefined ? undefined : makeExemplar(this.name, exemplarLabels, value);
    this.series
      .fromObject(labelsOrValue as Record<string, unknown>)
      .record(this.upperBounds, value, exemplar);
  }

  /**
   * `observe(v)` and `observe(v, exemplarLabels)`, kept out of `observe` so it
   * stays small enough for V8 to inline whole. The value is checked before the
   * series is looked up, so a labelled metric gets no series from a rejected call.
   */
  private observeValue(value: number, exemplarLabels: ExemplarLabels | undefined): void {
    if (!isObservation(value)) throw observationError(`Histogram "${this.name}"`, value);
    this.seriesFor(undefined).record(
      this.upperBounds,
      value,
      exemplarLabels === undefined ? undefined : makeExemplar(this.name, exemplarLabels, value),
    );
  }

  /** Kept out of `observe` so the common path stays small enough for V8 to inline whole. */
  private observeWithExemplar({ labels, value, exemplarLabels }: ObserveDataWithExemplar<T>): void {
    if (!isObservation(value)) throw observationError(this.describeCall('Histogram', labels), value);
    const exemplar =
      exemplarLabels === undefined ? undefined : makeExemplar(this.name, exemplarLabels, value);
    this.seriesFor(labels).record(this.upperBounds, value, exemplar);
  }

  /** prom-client's timer: labels may be given at start, at end, or both. */
  startTimer(
    labels?: Partial<LabelValues<T>>,
    exemplarLabels?: ExemplarLabels,
  ): TimerEnd<[endLabels?: Partial<LabelValues<T>>, endExemplarLabels?: ExemplarLabels]> {
    return startTiming((seconds, endLabels?: Partial<LabelValues<T>>, endExemplarLabels?: ExemplarLabels) =>
      this.timerSeries(labels, endLabels).observe(seconds, mergeLabels(exemplarLabels, endExemplarLabels)),
    );
  }

  /** Runs `fn` and observes its duration in seconds once it has settled. */
  time<R>(fn: () => R, labels?: LabelValues<T>): R {
    const series = this.seriesFor(labels);
    return timeCall(fn, (seconds) => series.observe(seconds));
  }

  /** Creates the series for these labels at zero so every bucket is exposed before use. */
  zero(labels: LabelValues<T>): void {
    this.seriesFor(labels).reset();
  }

  protected snapshot(): HistogramFamily {
    return {
      name: this.name,
      help: this.help,
      type: 'histogram',
      unit: this.unit,
      otlpName: this.otlpName,
      otlpAttributeNames: this.otlpAttributeNames,
      points: this.series.children,
    };
  }
}
