import type { Quantile, SummaryFamily } from '../model';
import { CreatedSeries } from './created-series';
import type { LabelValues } from './labels';
import { type CollectFunction, Metric, type MetricConfiguration } from './metric';
import {
  type DDSketch,
  DEFAULT_MAX_BINS,
  DEFAULT_RELATIVE_ACCURACY,
  type SketchState,
} from './quantiles/ddsketch';
import { CumulativeSketch, SlidingWindowSketch } from './quantiles/sliding-window';
import { startTiming, type TimerEnd, timeCall } from './timer';
import { describe, MetricConfigError, MetricValueError } from './validation';

/** What changes a series, for `seriesTtlSeconds`. */
const SERIES_UPDATES: readonly string[] = ['observe'];

/** A summary's options, as prom-client's `SummaryConfiguration`. */
export interface SummaryConfiguration<T extends string> extends MetricConfiguration<T> {
  percentiles?: number[];
  /** Quantiles cover only this many recent seconds; without it they cover the process's lifetime. */
  maxAgeSeconds?: number;
  /** How many slices the window rotates through (default 5). */
  ageBuckets?: number;
  /**
   * As prom-client: a series whose window holds no observation is left out of
   * scrapes and `get()`, and its next observation starts it again from zero
   * (`_count` and `_sum` included).
   */
  pruneAgedBuckets?: boolean;
  /** Every reported quantile is within this fraction of a real observation (default 0.01). */
  relativeAccuracy?: number;
  /** Bounds the memory of each series' estimator (default 2048 bins per sign). */
  maxBins?: number;
  collect?: CollectFunction<Summary<T>>;
}

export const DEFAULT_PERCENTILES: readonly number[] = Object.freeze([
  0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 0.999,
]);

interface Estimator {
  add(value: number): void;
  quantiles(qs: readonly number[]): number[];
  /** The sketch the quantiles come from (the window's slices merged, for a windowed summary). */
  window(): DDSketch;
  clear(): void;
}

function observationError(where: string, value: unknown): MetricValueError {
  return new MetricValueError(`${where}: observed value must be a finite number, got ${describe(value)}`);
}

/** One series of a summary: count and sum since creation, quantiles over the window. */
export class SummarySeries extends CreatedSeries<Summary<string>> {
  count = 0;
  sum = 0;
  private readonly estimator: Estimator;

  constructor(
    metric: Summary<string>,
    labelValues: readonly string[],
    labelNames: readonly string[],
    estimator: Estimator,
  ) {
    super(metric, labelValues, labelNames);
    this.estimator = estimator;
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) throw observationError(this.describeSeries('Summary'), value);
    this.estimator.add(value);
    this.count++;
    this.sum += value;
  }

  startTimer(): TimerEnd {
    return startTiming((seconds) => this.observe(seconds));
  }

  /**
   * Computed from the estimator when read. A scrape reads them right before
   * `count` and `sum`, with nothing in between, so the quantiles, `_count` and
   * `_sum` of one series always come from the same moment, however long the
   * scrape takes and whatever is observed meanwhile.
   */
  get quantiles(): Quantile[] {
    const percentiles = this.metric.percentiles;
    const values = this.estimator.quantiles(percentiles);
    return percentiles.map((quantile, i) => ({ quantile, value: values[i] }));
  }

  /**
   * For `pruneAgedBuckets`: whether the window holds no observation. Such a
   * series is left out of the output and starts again from zero, as if it had
   * been removed and is created anew by its next observation.
   */
  agedOut(): boolean {
    if (this.estimator.window().count > 0) return false;
    this.reset();
    return true;
  }

  /** The quantile sketch as plain data, so other processes can merge it exactly. */
  sketchState(): SketchState {
    return this.estimator.window().toState();
  }

  reset(): void {
    this.estimator.clear();
    this.count = 0;
    this.sum = 0;
    this.restamp();
  }
}

export function checkPercentiles(metric: string, percentiles: unknown): readonly number[] {
  if (percentiles === undefined) return [...DEFAULT_PERCENTILES];
  if (!Array.isArray(percentiles))
    throw new MetricConfigError(`Summary "${metric}": percentiles must be an array`);
  const sorted = [...percentiles].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    const q = sorted[i];
    if (typeof q !== 'number' || !(q >= 0 && q <= 1)) {
      throw new MetricConfigError(`Summary "${metric}": percentile ${String(q)} is not between 0 and 1`);
    }
    if (i > 0 && q === sorted[i - 1])
      throw new MetricConfigError(`Summary "${metric}": percentile ${q} is listed twice`);
  }
  return sorted;
}

/** Quantiles of observations (with a relative-error guarantee), plus their count and sum. */
export class Summary<T extends string = string> extends Metric<T, SummarySeries> {
  readonly percentiles: readonly number[];
  /** Accuracy and size of each series' sketch; sketches merge only with equal accuracy. */
  readonly sketchOptions: { readonly relativeAccuracy: number; readonly maxBins: number };
  private readonly makeEstimator: () => Estimator;
  private readonly pruneAgedBuckets: boolean;

  constructor(declared: SummaryConfiguration<T>) {
    super(declared, 'summary', ['quantile']);
    const config = this.configured(declared);
    this.percentiles = checkPercentiles(this.name, config.percentiles);
    const sketch = {
      relativeAccuracy: config.relativeAccuracy ?? DEFAULT_RELATIVE_ACCURACY,
      maxBins: config.maxBins ?? DEFAULT_MAX_BINS,
    };
    if (!(sketch.relativeAccuracy > 0 && sketch.relativeAccuracy < 1)) {
      throw new MetricConfigError(`Summary "${this.name}": relativeAccuracy must be between 0 and 1`);
    }
    this.sketchOptions = sketch;
    const { maxAgeSeconds, ageBuckets = 5 } = config;
    if (maxAgeSeconds !== undefined) {
      if (!(maxAgeSeconds > 0))
        throw new MetricConfigError(`Summary "${this.name}": maxAgeSeconds must be > 0`);
      if (!(Number.isInteger(ageBuckets) && ageBuckets >= 1)) {
        throw new MetricConfigError(`Summary "${this.name}": ageBuckets must be a positive integer`);
      }
      this.makeEstimator = () => new SlidingWindowSketch(maxAgeSeconds, ageBuckets, sketch);
    } else {
      this.makeEstimator = () => new CumulativeSketch(sketch);
    }
    this.pruneAgedBuckets = config.pruneAgedBuckets === true;
    this.initialize();
  }

  protected createSeries(labelValues: readonly string[], labelNames: readonly string[]): SummarySeries {
    return new SummarySeries(this, labelValues, labelNames, this.makeEstimator());
  }

  protected override seriesUpdates(): readonly string[] {
    return SERIES_UPDATES;
  }

  protected resetSeries(series: SummarySeries): void {
    series.reset();
  }

  observe(value: number): void;
  observe(labels: LabelValues<T>, value: number): void;
  observe(labelsOrValue: LabelValues<T> | number, value?: number): void {
    if (typeof labelsOrValue === 'number') {
      this.seriesFor(undefined).observe(labelsOrValue);
    } else if (labelsOrValue !== null && typeof labelsOrValue === 'object') {
      if (!Number.isFinite(value)) throw observationError(this.describeCall('Summary', labelsOrValue), value);
      this.series.fromObject(labelsOrValue).observe(value as number);
    } else {
      throw observationError(`Summary "${this.name}"`, labelsOrValue);
    }
  }

  startTimer(labels?: Partial<LabelValues<T>>): TimerEnd<[endLabels?: Partial<LabelValues<T>>]> {
    return startTiming((seconds, endLabels?: Partial<LabelValues<T>>) =>
      this.timerSeries(labels, endLabels).observe(seconds),
    );
  }

  /** Runs `fn` and observes its duration in seconds once it has settled. */
  time<R>(fn: () => R, labels?: LabelValues<T>): R {
    const series = this.seriesFor(labels);
    return timeCall(fn, (seconds) => series.observe(seconds));
  }

  zero(labels: LabelValues<T>): void {
    this.seriesFor(labels).reset();
  }

  protected snapshot(): SummaryFamily {
    return {
      name: this.name,
      help: this.help,
      type: 'summary',
      unit: this.unit,
      otlpName: this.otlpName,
      otlpAttributeNames: this.otlpAttributeNames,
      points: this.shownSeries(),
    };
  }

  private shownSeries(): readonly SummarySeries[] {
    const children = this.series.children;
    return this.pruneAgedBuckets ? children.filter((s) => !s.agedOut()) : children;
  }
}
