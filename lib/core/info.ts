import type { InfoFamily, LabelSet } from '../model';
import type { LabelValues } from './labels';
import { labelValueToString } from './labels';
import { type CollectFunction, Metric, type MetricConfiguration, type MetricValue } from './metric';
import { labelRecord } from './samples';
import { assertLabelNames, LabelError } from './validation';

export interface InfoConfiguration<T extends string> extends MetricConfiguration<T> {
  collect?: CollectFunction<Info<T>>;
}

/** One series of an info metric: the declared labels plus the info pairs. */
export class InfoSeries implements LabelSet {
  /** What exposition reads: declared labels followed by the info pairs. */
  labelNames: readonly string[];
  labelValues: readonly string[];
  labelText: string | undefined = undefined;

  constructor(
    private readonly metric: Info<string>,
    /** The declared labels' values, without the info pairs. */
    readonly seriesValues: readonly string[],
  ) {
    this.labelNames = metric.labelNames;
    this.labelValues = seriesValues;
  }

  private show(names: readonly string[], values: readonly string[]): void {
    this.labelNames = names;
    this.labelValues = values;
    // The cached text belongs to the labels shown before.
    this.labelText = undefined;
  }

  info(values: Record<string, string | number>): void {
    const metric = this.metric.name;
    if (values === null || typeof values !== 'object')
      throw new LabelError(`Info "${metric}": info() takes an object`);
    const keys = assertLabelNames(metric, Object.keys(values));
    for (const key of keys) {
      if (this.metric.labelNames.includes(key)) {
        throw new LabelError(`Info "${metric}": info label "${key}" overlaps a declared label name`);
      }
    }
    const infoValues = keys.map((k) => labelValueToString(metric, k, values[k]));
    this.show([...this.metric.labelNames, ...keys], [...this.seriesValues, ...infoValues]);
  }

  /** Back to the declared labels only. */
  clear(): void {
    this.show(this.metric.labelNames, this.seriesValues);
  }
}

/** Constant key-value facts about the target, exposed as `<name>_info{...} 1`. */
export class Info<T extends string = string> extends Metric<T, InfoSeries> {
  constructor(config: InfoConfiguration<T>) {
    super(config, 'info');
    this.initialize();
  }

  protected createSeries(labelValues: readonly string[]): InfoSeries {
    return new InfoSeries(this, labelValues);
  }

  protected resetSeries(series: InfoSeries): void {
    series.clear();
  }

  override get familyName(): string {
    return this.name.endsWith('_info') ? this.name.slice(0, -5) : this.name;
  }

  info(values: Record<string, string | number>): void;
  info(labels: LabelValues<T>, values: Record<string, string | number>): void;
  info(first: Record<string, string | number>, second?: Record<string, string | number>): void {
    if (second === undefined) this.seriesFor(undefined).info(first);
    else this.seriesFor(first as LabelValues<T>).info(second);
  }

  protected snapshot(): InfoFamily {
    return { name: this.familyName, help: this.help, type: 'info', points: this.series.children };
  }

  protected values(): MetricValue<T>[] {
    return this.series.children.map((s) => ({ value: 1, labels: labelRecord(s) }));
  }
}
