import { type CounterFamily, type Exemplar, familyNameOf } from '../model';
import { CreatedSeries } from './created-series';
import { type ExemplarLabels, makeExemplar } from './exemplar';
import { trackCall } from './instrumentation/track-call';
import type { LabelValues } from './labels';
import { type CollectFunction, Metric, type MetricConfiguration } from './metric';
import { samplingClock } from './sampling-clock';
import { type ExemplarsOption, sampleTraceExemplar, tracesExemplars } from './trace-exemplars';
import { describe, MetricValueError } from './validation';

/** What changes a series, for `seriesTtlSeconds`. */
const SERIES_UPDATES: readonly string[] = ['inc', 'record'];

/** A counter's options, as prom-client's `CounterConfiguration`. */
export interface CounterConfiguration<T extends string> extends MetricConfiguration<T> {
  collect?: CollectFunction<Counter<T>>;
  /** `'trace'`: each increment may carry the active trace as its exemplar (rate-limited). */
  exemplars?: ExemplarsOption;
}

/** prom-client's exemplar form: `inc({ labels, value, exemplarLabels })`. */
export interface IncreaseDataWithExemplar<T extends string> {
  labels?: LabelValues<T>;
  value?: number;
  exemplarLabels?: ExemplarLabels;
}

type ErrorClass = abstract new (...args: any[]) => unknown;

function isIncrement(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value !== Number.POSITIVE_INFINITY;
}

function incrementError(where: string, value: unknown): MetricValueError {
  return new MetricValueError(`${where}: increment must be a finite number >= 0, got ${describe(value)}`);
}

/** One series of a counter: `inc()` touches one number. */
export class CounterSeries extends CreatedSeries<Counter<string>> {
  /**
   * The count, kept in the series' slot (the metric's column while stored):
   * a number field would cost each series 8 B and, once any counter has
   * counted a fraction, a box of 16 B. (A field kept a reference, set to
   * `null` first, saved the box for whole counts but allocated a new number
   * at every increment past 2^31 or by a fraction: 2-3× a child's `inc()`.)
   */
  get value(): number {
    return this.slotValue;
  }
  /**
   * Declared, not initialised: a series gets the field with its first
   * exemplar, so the many that never have one are 8 B smaller.
   */
  declare exemplar?: Exemplar;

  inc(value = 1, exemplarLabels?: ExemplarLabels): void {
    if (!isIncrement(value)) throw incrementError(this.describeSeries('Counter'), value);
    const exemplar =
      exemplarLabels === undefined ? undefined : makeExemplar(this.metric.name, exemplarLabels, value);
    this.record(value, exemplar);
  }

  /** An increment the caller has already checked, so a rejected call never reaches a series. */
  record(value: number, exemplar: Exemplar | undefined): void {
    if (exemplar !== undefined) this.exemplar = exemplar;
    this.addToSlotValue(value);
  }

  get(): number {
    return this.slotValue;
  }

  reset(): void {
    this.slotValue = 0;
    this.restamp();
    if (this.exemplar !== undefined) this.exemplar = undefined;
  }
}

/** A series of a counter with exemplars enabled: the field from the start, so its shape never changes. */
class ExemplarCounterSeries extends CounterSeries {
  override exemplar: Exemplar | undefined = undefined;
}

/** A counter series with `exemplars: 'trace'`: at most one look at the active trace per sampling interval. */
class TraceSampledCounterSeries extends ExemplarCounterSeries {
  nextSampleTick = 0;

  override record(value: number, exemplar: Exemplar | undefined): void {
    super.record(value, exemplar);
    if (exemplar === undefined && samplingClock.tick >= this.nextSampleTick) {
      this.exemplar = sampleTraceExemplar(this, this.exemplar, value) ?? this.exemplar;
    }
  }
}

/** A cumulative count that only goes up (or resets with the process). */
export class Counter<T extends string = string> extends Metric<T, CounterSeries> {
  private readonly tracesExemplars: boolean;

  constructor(config: CounterConfiguration<T>) {
    super(config, 'counter');
    this.tracesExemplars = tracesExemplars(this.name, config.exemplars);
    this.initialize();
  }

  protected createSeries(labelValues: readonly string[], labelNames: readonly string[]): CounterSeries {
    if (this.tracesExemplars) return new TraceSampledCounterSeries(this, labelValues, labelNames);
    if (this.enableExemplars) return new ExemplarCounterSeries(this, labelValues, labelNames);
    return new CounterSeries(this, labelValues, labelNames);
  }

  protected override seriesUpdates(): readonly string[] {
    return SERIES_UPDATES;
  }

  protected resetSeries(series: CounterSeries): void {
    series.reset();
  }

  override get familyName(): string {
    return familyNameOf('counter', this.name);
  }

  inc(value?: number, exemplarLabels?: ExemplarLabels): void;
  inc(labels: LabelValues<T>, value?: number, exemplarLabels?: ExemplarLabels): void;
  inc(data: IncreaseDataWithExemplar<T>): void;
  inc(
    labelsOrValue?: LabelValues<T> | IncreaseDataWithExemplar<T> | number,
    valueOrExemplarLabels?: number | ExemplarLabels,
    exemplarLabels?: ExemplarLabels,
  ): void {
    // Whatever is not an object is the value, so `inc(null)` and `inc('5')` are reported as values.
    if (typeof labelsOrValue !== 'object' || labelsOrValue === null) {
      this.incValue(labelsOrValue, valueOrExemplarLabels as ExemplarLabels | undefined);
      return;
    }
    if (this.enableExemplars && isExemplarCall(labelsOrValue, this.labelNames)) {
      this.incWithExemplar(labelsOrValue as IncreaseDataWithExemplar<T>);
      return;
    }
    const increment = valueOrExemplarLabels ?? 1;
    if (!isIncrement(increment)) throw incrementError(this.describeCall('Counter', labelsOrValue), increment);
    const exemplar =
      exemplarLabels === undefined ? undefined : makeExemplar(this.name, exemplarLabels, increment);
    this.series.fromObject(labelsOrValue as Record<string, unknown>).record(increment, exemplar);
  }

  /**
   * `inc()`, `inc(v)` and `inc(v, exemplarLabels)`, kept out of `inc` so it
   * stays small enough for V8 to inline whole. The value is checked before the
   * series is looked up, so a labelled metric gets no series from a rejected call.
   */
  private incValue(value: unknown, exemplarLabels: ExemplarLabels | undefined): void {
    const increment = value === undefined ? 1 : value;
    if (!isIncrement(increment)) throw incrementError(`Counter "${this.name}"`, increment);
    this.seriesFor(undefined).record(
      increment,
      exemplarLabels === undefined ? undefined : makeExemplar(this.name, exemplarLabels, increment),
    );
  }

  /** Kept out of `inc` so the common path stays small enough for V8 to inline whole. */
  private incWithExemplar({ labels, value, exemplarLabels }: IncreaseDataWithExemplar<T>): void {
    const increment = value ?? 1;
    if (!isIncrement(increment)) throw incrementError(this.describeCall('Counter', labels), increment);
    const exemplar =
      exemplarLabels === undefined ? undefined : makeExemplar(this.name, exemplarLabels, increment);
    this.seriesFor(labels).record(increment, exemplar);
  }

  /** Sets the series for these labels to zero, making it visible before the first increment. */
  zero(labels?: LabelValues<T>): void {
    this.seriesFor(labels).reset();
  }

  /**
   * Runs `fn` and counts it if it throws or rejects (only errors of the given
   * classes, when any are given). The error is rethrown untouched.
   */
  countExceptions<R>(fn: () => R, ...errorClasses: ErrorClass[]): R;
  countExceptions<R>(labels: LabelValues<T>, fn: () => R, ...errorClasses: ErrorClass[]): R;
  countExceptions(...args: unknown[]): unknown {
    const labels = typeof args[0] === 'function' ? undefined : (args.shift() as LabelValues<T>);
    const fn = args.shift() as () => unknown;
    const errorClasses = args as ErrorClass[];
    const series = this.seriesFor(labels);
    return trackCall(fn, {
      end(error, failed) {
        if (failed && (errorClasses.length === 0 || errorClasses.some((c) => error instanceof c)))
          series.inc();
      },
    });
  }

  /** The wrapper form of `countExceptions`: returns `fn` counting its failures. */
  wrapCountExceptions<A extends unknown[], R>(
    fn: (...args: A) => R,
    ...errorClasses: ErrorClass[]
  ): (...args: A) => R {
    const counter = this;
    return function (this: unknown, ...args: A): R {
      return counter.countExceptions(() => fn.apply(this, args), ...errorClasses);
    };
  }

  protected snapshot(): CounterFamily {
    return {
      name: this.familyName,
      textName: this.name,
      help: this.help,
      type: 'counter',
      unit: this.unit,
      otlpName: this.otlpName,
      otlpAttributeNames: this.otlpAttributeNames,
      points: this.series.children,
    };
  }
}

/**
 * With exemplars enabled prom-client takes `{ labels, value, exemplarLabels }`;
 * a plain labels object is still accepted unless its keys say otherwise.
 */
export function isExemplarCall(arg: object, labelNames: readonly string[]): boolean {
  for (const key in arg) {
    if (key !== 'labels' && key !== 'value' && key !== 'exemplarLabels') return false;
    if (labelNames.includes(key)) return false;
  }
  return true;
}
