import type { LabelSet } from '../model';
import type { LabelColumn, LabelSlot } from './label-column';
import { describeSeries } from './validation';

/** What the series store needs of a series: the labels it shows, names parallel to values. */
export interface Series {
  readonly labelNames: readonly string[];
  readonly labelValues: readonly string[];
  /**
   * Where the series keeps its label values, when the store may move them
   * into the metric's label column; series without it keep `labelValues`.
   */
  labelSlot?: LabelSlot;
}

/** What a series needs from the metric it belongs to. */
export interface SeriesParent {
  readonly name: string;
  readonly labelNames: readonly string[];
  /** The label values of the series the metric's store holds. */
  readonly labelColumn: LabelColumn;
}

/**
 * What every series of a metric holds: its parent and its own label values.
 * The series is its own label set and reaches names, buckets and the metric's
 * name through the parent, so each series is one object with few fields: at
 * 100k series, every field saved is most of a megabyte.
 */
export abstract class SeriesBase<P extends SeriesParent = SeriesParent> implements LabelSet, Series {
  /** Its own values until the store moves them into the metric's label column. */
  labelSlot: LabelSlot;

  /**
   * @param labelNames the names `labelValues` belong to, when they are not all
   *   of the metric's: a series of a partial label set, or the overflow series.
   */
  constructor(
    protected readonly metric: P,
    labelValues: readonly string[],
    labelNames?: readonly string[],
  ) {
    this.labelSlot = labelValues;
    // An own property only on those rare series, so the common one stays a field smaller.
    if (labelNames !== undefined && labelNames !== metric.labelNames) {
      Object.defineProperty(this, 'labelNames', { value: labelNames, enumerable: true });
    }
  }

  get labelNames(): readonly string[] {
    return this.metric.labelNames;
  }

  /** A new array while the values are in the label column: `labelValueAt` reads one without it. */
  get labelValues(): readonly string[] {
    const slot = this.labelSlot;
    return typeof slot === 'number' ? this.metric.labelColumn.valuesAt(slot) : slot;
  }

  labelValueAt(index: number): string {
    const slot = this.labelSlot;
    return typeof slot === 'number' ? this.metric.labelColumn.at(slot, index) : slot[index];
  }

  /** `Counter "jobs_total" {queue="a"}`, for error messages. */
  protected describeSeries(kind: string): string {
    return describeSeries(`${kind} "${this.metric.name}"`, this);
  }
}
