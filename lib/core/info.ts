import { familyNameOf, type InfoFamily, type LabelSet } from '../model';
import type { LabelValues } from './labels';
import { labelValueToString } from './labels';
import { type CollectFunction, Metric, type MetricConfiguration } from './metric';
import { assertDistinctWhenEscaped, assertLabelNames, LabelError } from './validation';

/** What changes a series, for `seriesTtlSeconds`. */
const SERIES_UPDATES: readonly string[] = ['info', 'show'];

/** An info metric's options: its constant labels describe the target. */
export interface InfoConfiguration<T extends string> extends MetricConfiguration<T> {
  collect?: CollectFunction<Info<T>>;
}

/** Validated info pairs: names and values in the caller's key order. */
interface InfoPairs {
  names: readonly string[];
  values: readonly string[];
}

function infoPairs(metric: Info<string>, values: Record<string, string | number>): InfoPairs {
  if (values === null || typeof values !== 'object')
    throw new LabelError(`Info "${metric.name}": info() takes an object`);
  const names = assertLabelNames(metric.name, Object.keys(values));
  for (const name of names) {
    if (metric.labelNames.includes(name)) {
      throw new LabelError(`Info "${metric.name}": info label "${name}" overlaps a declared label name`);
    }
  }
  assertDistinctWhenEscaped(`Info "${metric.name}"`, [...metric.labelNames, ...names]);
  return { names, values: names.map((k) => labelValueToString(metric.name, k, values[k])) };
}

/** One series of an info metric: the declared labels plus the info pairs. */
export class InfoSeries implements LabelSet {
  /** What exposition reads: the series' labels followed by the info pairs. */
  labelNames: readonly string[];
  labelValues: readonly string[];

  constructor(
    private readonly metric: Info<string>,
    /** The series' own label values, without the info pairs. */
    readonly seriesValues: readonly string[],
    /** Their names: the declared ones, or those a partial label set gave. */
    private readonly seriesNames: readonly string[],
  ) {
    this.labelNames = seriesNames;
    this.labelValues = seriesValues;
  }

  info(values: Record<string, string | number>): void {
    this.show(infoPairs(this.metric, values));
  }

  /** Shows already validated pairs. */
  show(pairs: InfoPairs): void {
    this.labelNames = [...this.seriesNames, ...pairs.names];
    this.labelValues = [...this.seriesValues, ...pairs.values];
  }

  /** Back to the series' own labels only. */
  clear(): void {
    this.labelNames = this.seriesNames;
    this.labelValues = this.seriesValues;
  }
}

/** Constant key-value facts about the target, exposed as `<name>_info{...} 1`. */
export class Info<T extends string = string> extends Metric<T, InfoSeries> {
  constructor(config: InfoConfiguration<T>) {
    super(config, 'info');
    this.initialize();
  }

  protected createSeries(labelValues: readonly string[], labelNames: readonly string[]): InfoSeries {
    return new InfoSeries(this, labelValues, labelNames);
  }

  protected override seriesUpdates(): readonly string[] {
    return SERIES_UPDATES;
  }

  protected resetSeries(series: InfoSeries): void {
    series.clear();
  }

  override get familyName(): string {
    return familyNameOf('info', this.name);
  }

  info(values: Record<string, string | number>): void;
  info(labels: LabelValues<T>, values: Record<string, string | number>): void;
  info(
    first: LabelValues<T> | Record<string, string | number>,
    second?: Record<string, string | number>,
  ): void {
    if (second === undefined) {
      this.seriesFor(undefined).info(first as Record<string, string | number>);
      return;
    }
    // Validated before the series is resolved, so a rejected call creates none.
    const pairs = infoPairs(this as Info<string>, second);
    this.seriesFor(first).show(pairs);
  }

  protected snapshot(): InfoFamily {
    return { name: this.familyName, help: this.help, type: 'info', points: this.series.children };
  }
}
