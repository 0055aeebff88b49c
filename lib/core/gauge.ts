import type { GaugeFamily } from '../model';
import { trackCall } from './instrumentation/track-call';
import type { LabelValues } from './labels';
import { type CollectFunction, Metric, type MetricConfiguration } from './metric';
import { SeriesBase } from './series';
import { startTiming, type TimerEnd, timeCall } from './timer';
import { describe, MetricValueError } from './validation';

/** What changes a series, for `seriesTtlSeconds`. */
const SERIES_UPDATES: readonly string[] = ['inc', 'dec', 'set', 'setToCurrentTime'];

/** A gauge's options, as prom-client's `GaugeConfiguration`. */
export interface GaugeConfiguration<T extends string> extends MetricConfiguration<T> {
  collect?: CollectFunction<Gauge<T>>;
}

const INCREMENT = 'increment must be a finite number';
const DECREMENT = 'decrement must be a finite number';
const VALUE = 'value must be a number';

function valueError(where: string, what: string, value: unknown): MetricValueError {
  return new MetricValueError(`${where}: ${what}, got ${describe(value)}`);
}

/** One series of a gauge. */
export class GaugeSeries extends SeriesBase {
  /** Kept in the series' slot, as a counter's (see `CounterSeries.value`). */
  get value(): number {
    return this.slotValue;
  }

  inc(value = 1): void {
    if (!Number.isFinite(value)) throw valueError(this.describeSeries('Gauge'), INCREMENT, value);
    this.addToSlotValue(value);
  }

  dec(value = 1): void {
    if (!Number.isFinite(value)) throw valueError(this.describeSeries('Gauge'), DECREMENT, value);
    this.addToSlotValue(-value);
  }

  /** Any number, including NaN and ±Inf, is a legitimate gauge value. */
  set(value: number): void {
    if (typeof value !== 'number') throw valueError(this.describeSeries('Gauge'), VALUE, value);
    this.slotValue = value;
  }

  setToCurrentTime(): void {
    this.set(Date.now() / 1000);
  }

  /** Returns a function that sets the gauge to the seconds elapsed and returns them. */
  startTimer(): TimerEnd {
    return startTiming((seconds) => this.set(seconds));
  }

  get(): number {
    return this.slotValue;
  }

  /** Back to 0 without counting as an update (`seriesTtlSeconds`). */
  reset(): void {
    this.slotValue = 0;
  }
}

/** A value that can go up and down. */
export class Gauge<T extends string = string> extends Metric<T, GaugeSeries> {
  constructor(config: GaugeConfiguration<T>) {
    super(config, 'gauge');
    this.initialize();
  }

  protected createSeries(labelValues: readonly string[], labelNames: readonly string[]): GaugeSeries {
    return new GaugeSeries(this, labelValues, labelNames);
  }

  protected override seriesUpdates(): readonly string[] {
    return SERIES_UPDATES;
  }

  protected resetSeries(series: GaugeSeries): void {
    series.reset();
  }

  inc(value?: number): void;
  inc(labels: LabelValues<T>, value?: number): void;
  inc(labelsOrValue?: LabelValues<T> | number, value?: number): void {
    // Whatever is not an object is the value, so `inc(null)` and `inc('5')` are reported as values.
    if (typeof labelsOrValue !== 'object' || labelsOrValue === null) {
      (this.unlabelled ?? this.withoutLabels(labelsOrValue, INCREMENT)).inc(labelsOrValue as number);
      return;
    }
    const amount = value ?? 1;
    if (!Number.isFinite(amount))
      throw valueError(this.describeCall('Gauge', labelsOrValue), INCREMENT, amount);
    this.series.fromObject(labelsOrValue).inc(amount);
  }

  dec(value?: number): void;
  dec(labels: LabelValues<T>, value?: number): void;
  dec(labelsOrValue?: LabelValues<T> | number, value?: number): void {
    if (typeof labelsOrValue !== 'object' || labelsOrValue === null) {
      (this.unlabelled ?? this.withoutLabels(labelsOrValue, DECREMENT)).dec(labelsOrValue as number);
      return;
    }
    const amount = value ?? 1;
    if (!Number.isFinite(amount))
      throw valueError(this.describeCall('Gauge', labelsOrValue), DECREMENT, amount);
    this.series.fromObject(labelsOrValue).dec(amount);
  }

  /**
   * A labelled gauge's series without labels, for `inc(v)`/`dec(v)`: created
   * only once the amount is valid, so a rejected call leaves no series.
   */
  private withoutLabels(amount: unknown, what: string): GaugeSeries {
    const checked = amount === undefined ? 1 : amount;
    if (!Number.isFinite(checked)) throw valueError(`Gauge "${this.name}"`, what, checked);
    return this.seriesFor(undefined);
  }

  set(value: number): void;
  set(labels: LabelValues<T>, value: number): void;
  set(labelsOrValue: LabelValues<T> | number, value?: number): void {
    if (typeof labelsOrValue === 'number') {
      this.seriesFor(undefined).set(labelsOrValue);
    } else if (labelsOrValue !== null && typeof labelsOrValue === 'object') {
      if (typeof value !== 'number')
        throw valueError(this.describeCall('Gauge', labelsOrValue), VALUE, value);
      this.series.fromObject(labelsOrValue).set(value);
    } else {
      throw valueError(`Gauge "${this.name}"`, VALUE, labelsOrValue);
    }
  }

  setToCurrentTime(labels?: LabelValues<T>): void {
    this.seriesFor(labels).setToCurrentTime();
  }

  /** prom-client's timer: labels may be given at start, at end, or both. */
  startTimer(labels?: Partial<LabelValues<T>>): TimerEnd<[endLabels?: Partial<LabelValues<T>>]> {
    return startTiming((seconds, endLabels?: Partial<LabelValues<T>>) =>
      this.timerSeries(labels, endLabels).set(seconds),
    );
  }

  zero(labels?: LabelValues<T>): void {
    this.seriesFor(labels).set(0);
  }

  /** Increments while `fn` runs and decrements when it really ends (sync or async). */
  trackInProgress<R>(fn: () => R, labels?: LabelValues<T>): R {
    const series = this.seriesFor(labels);
    series.inc();
    return trackCall(fn, { end: () => series.dec() });
  }

  /** Runs `fn` and sets the gauge to its duration in seconds once it has settled. */
  time<R>(fn: () => R, labels?: LabelValues<T>): R {
    const series = this.seriesFor(labels);
    return timeCall(fn, (seconds) => series.set(seconds));
  }

  protected snapshot(): GaugeFamily {
    return {
      name: this.name,
      help: this.help,
      type: 'gauge',
      unit: this.unit,
      otlpName: this.otlpName,
      otlpAttributeNames: this.otlpAttributeNames,
      points: this.series.children,
    };
  }
}
