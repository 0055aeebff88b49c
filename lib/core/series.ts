import type { LabelSet } from '../model';
import { describeSeries } from './validation';

/** What the series store needs of a series: its label values, in declaration order. */
export interface Series {
  readonly labelValues: readonly string[];
}

/** What a series needs from the metric it belongs to. */
export interface SeriesParent {
  readonly name: string;
  readonly labelNames: readonly string[];
}

/**
 * What every series of a metric holds: its parent and its own label values.
 * The series is its own label set and reaches names, buckets and the metric's
 * name through the parent, so each series is one object with few fields: at
 * 100k series, every field saved is most of a megabyte.
 */
export abstract class SeriesBase<P extends SeriesParent = SeriesParent> implements LabelSet, Series {
  labelText: string | undefined = undefined;

  constructor(
    protected readonly metric: P,
    readonly labelValues: readonly string[],
  ) {}

  get labelNames(): readonly string[] {
    return this.metric.labelNames;
  }

  /** `Counter "jobs_total" {queue="a"}`, for error messages. */
  protected describeSeries(kind: string): string {
    return describeSeries(`${kind} "${this.metric.name}"`, this);
  }
}
