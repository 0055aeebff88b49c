import type { GaugeFamily } from '../model';
import { trackCall } from './instrumentation/track-call';
import type { LabelValues } from './labels';
import { type CollectFunction, Metric, type MetricConfiguration, type MetricValue } from './metric';
import { labelRecord } from './samples';
import { SeriesBase } from './series';
import { startTiming, timeCall } from './timer';
import { describe, MetricValueError } from './validation';

export interface GaugeConfiguration<T extends string> extends MetricConfiguration<T> {
  collect?: CollectFunction<Gauge<T>>;
}

/** One series of a gauge. */
export class GaugeSeries extends SeriesBase {
  value = 0;

  inc(value = 1): void {
    if (!Number.isFinite(value)) this.reject('increment must be a finite number', value);
    this.value += value;
  }

  dec(value = 1): void {
    if (!Number.isFinite(value)) this.reject('decrement must be a finite number', value);
    this.value -= value;
  }

  /** Any number, including NaN and ±Inf, is a legitimate gauge value. */
  set(value: number): void {
    if (typeof value !== 'number') this.reject('value must be a number', value);
    this.value = value;
  }

  private reject(what: string, value: unknown): never {
    throw new MetricValueError(`${this.describeSeries('Gauge')}: ${what}, got ${describe(value)}`);
  }

  setToCurrentTime(): void {
    this.value = Date.now() / 1000;
  }

  /** Returns a function that sets the gauge to the seconds elapsed and returns them. */
  startTimer(): () => number {
    return startTiming((seconds) => {
      this.value = seconds;
    });
  }

  get(): number {
    return this.value;
  }
}

/** A value that can go up and down. */
export class Gauge<T extends string = string> extends Metric<T, GaugeSeries> {
  constructor(config: GaugeConfiguration<T>) {
    super(config, 'gauge');
    this.initialize();
  }

  protected createSeries(labelValues: readonly string[]): GaugeSeries {
    return new GaugeSeries(this, labelValues);
  }

  protected resetSeries(series: GaugeSeries): void {
    series.value = 0;
  }

  inc(value?: number): void;
  inc(labels: LabelValues<T>, value?: number): void;
  inc(labelsOrValue?: LabelValues<T> | number, value?: number): void {
    if (labelsOrValue === undefined || typeof labelsOrValue === 'number') {
      this.seriesFor(undefined).inc(labelsOrValue ?? 1);
    } else {
      this.series.fromObject(labelsOrValue).inc(value ?? 1);
    }
  }

  dec(value?: number): void;
  dec(labels: LabelValues<T>, value?: number): void;
  dec(labelsOrValue?: LabelValues<T> | number, value?: number): void {
    if (labelsOrValue === undefined || typeof labelsOrValue === 'number') {
      this.seriesFor(undefined).dec(labelsOrValue ?? 1);
    } else {
      this.series.fromObject(labelsOrValue).dec(value ?? 1);
    }
  }

  set(value: number): void;
  set(labels: LabelValues<T>, value: number): void;
  set(labelsOrValue: LabelValues<T> | number, value?: number): void {
    if (typeof labelsOrValue === 'number') {
      this.seriesFor(undefined).set(labelsOrValue);
    } else if (labelsOrValue !== null && typeof labelsOrValue === 'object') {
      this.series.fromObject(labelsOrValue).set(value as number);
    } else {
      throw new MetricValueError(
        `Gauge "${this.name}": value must be a number, got ${describe(labelsOrValue)}`,
      );
    }
  }

  setToCurrentTime(labels?: LabelValues<T>): void {
    this.seriesFor(labels).setToCurrentTime();
  }

  /** prom-client's timer: labels may be given at start, at end, or both. */
  startTimer(labels?: Partial<LabelValues<T>>): (endLabels?: Partial<LabelValues<T>>) => number {
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
    return { name: this.name, help: this.help, type: 'gauge', unit: this.unit, points: this.series.children };
  }

  protected values(): MetricValue<T>[] {
    return this.series.children.map((s) => ({ value: s.value, labels: labelRecord(s) }));
  }
}
