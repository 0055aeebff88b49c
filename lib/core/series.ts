import type { LabelSet } from '../model';
import { describeSeries } from './validation';

/** What the series store needs of a series: the labels it shows, names parallel to values. */
export interface Series {
  readonly labelNames: readonly string[];
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
  /**
   * @param labelNames the names `labelValues` belong to, when they are not all
   *   of the metric's: a series of a partial label set, or the overflow series.
   */
  constructor(
    protected readonly metric: P,
    readonly labelValues: readonly string[],
    labelNames?: readonly string[],
  ) {
    // An own property only on those rare series, so the common one stays a field smaller.
    if (labelNames !== undefined && labelNames !== metric.labelNames) {
      Object.defineProperty(this, 'labelNames', { value: labelNames, enumerable: true });
    }
  }

  get labelNames(): readonly string[] {
    return this.metric.labelNames;
  }

  /** `Counter "jobs_total" {queue="a"}`, for error messages. */
  protected describeSeries(kind: string): string {
    return describeSeries(`${kind} "${this.metric.name}"`, this);
  }
}
