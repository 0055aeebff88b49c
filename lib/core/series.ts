import type { LabelSet } from '../model';
import { OwnSlot, type SeriesColumn, type SeriesSlot } from './series-column';
import { describeSeries } from './validation';

/** What the series store needs of a series: the labels it shows, names parallel to values. */
export interface Series {
  readonly labelNames: readonly string[];
  readonly labelValues: readonly string[];
  /**
   * Where the series keeps its label values (and number), when the store may
   * move them into the metric's column; series without it keep `labelValues`.
   */
  slot?: SeriesSlot;
}

/** What a series needs from the metric it belongs to. */
export interface SeriesParent {
  readonly name: string;
  readonly labelNames: readonly string[];
  /** The label values and numbers of the series the metric's store holds. */
  readonly seriesColumn: SeriesColumn;
}

/**
 * What every series of a metric holds: its parent and its own label values.
 * The series is its own label set and reaches names, buckets and the metric's
 * name through the parent, so each series is one object with few fields: at
 * 100k series, every field saved is most of a megabyte.
 */
export abstract class SeriesBase<P extends SeriesParent = SeriesParent> implements LabelSet, Series {
  /** Its own labels and number until the store moves them into the metric's column. */
  slot: SeriesSlot;

  /**
   * @param labelNames the names `labelValues` belong to, when they are not all
   *   of the metric's: a series of a partial label set, or the overflow series.
   */
  constructor(
    protected readonly metric: P,
    labelValues: readonly string[],
    labelNames?: readonly string[],
  ) {
    this.slot = new OwnSlot(labelValues);
    // An own property only on those rare series, so the common one stays a field smaller.
    if (labelNames !== undefined && labelNames !== metric.labelNames) {
      Object.defineProperty(this, 'labelNames', { value: labelNames, enumerable: true });
    }
  }

  get labelNames(): readonly string[] {
    return this.metric.labelNames;
  }

  /** A new array while the values are in the column: `labelValueAt` reads one without it. */
  get labelValues(): readonly string[] {
    const slot = this.slot;
    return typeof slot === 'number' ? this.metric.seriesColumn.valuesAt(slot) : slot.labelValues;
  }

  labelValueAt(index: number): string {
    const slot = this.slot;
    return typeof slot === 'number' ? this.metric.seriesColumn.at(slot, index) : slot.labelValues[index];
  }

  /** The value of a counter or gauge series, held in its slot rather than a field of its own. */
  protected get slotValue(): number {
    const slot = this.slot;
    return typeof slot === 'number' ? this.metric.seriesColumn.numbers[slot] : slot.value;
  }

  protected set slotValue(value: number) {
    const slot = this.slot;
    if (typeof slot === 'number') this.metric.seriesColumn.numbers[slot] = value;
    else slot.value = value;
  }

  protected addToSlotValue(value: number): void {
    const slot = this.slot;
    if (typeof slot === 'number') this.metric.seriesColumn.numbers[slot] += value;
    else slot.value += value;
  }

  /** `Counter "jobs_total" {queue="a"}`, for error messages. */
  protected describeSeries(kind: string): string {
    return describeSeries(`${kind} "${this.metric.name}"`, this);
  }
}
