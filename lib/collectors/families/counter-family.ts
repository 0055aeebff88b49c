import { type CounterPoint, familyNameOf } from '../../model';
import { FamilyBuilder, type FamilyOptions, type LabelValueList } from './family-builder';

/** `CounterMetricFamily`'s options. */
export interface CounterFamilyOptions extends FamilyOptions {
  /** Shortcut for one series without labels. */
  value?: number;
  /** With `value`: when that series started counting, in milliseconds since the epoch. */
  created?: number;
}

/**
 * A counter family for custom collectors, as the Python client's
 * CounterMetricFamily: a name ending in `_total` is accepted and the suffix
 * stripped, since the exposition adds it back.
 */
export class CounterMetricFamily extends FamilyBuilder<'counter', CounterPoint> {
  constructor(name: string, help: string, options: CounterFamilyOptions = {}) {
    super('counter', typeof name === 'string' ? familyNameOf('counter', name) : name, help, options);
    if (options.value !== undefined) {
      this.assertValueWithoutLabels(options);
      this.addMetric([], options.value, undefined, options.created);
    }
  }

  /**
   * Adds one series. `timestamp` and `created` are milliseconds since the
   * epoch; `created` is only written in OpenMetrics (`_created`).
   */
  addMetric(labelValues: LabelValueList, value: number, timestamp?: number, created?: number): this {
    const labels = this.labelSet(labelValues);
    this.assertCount('value', value, labels);
    this.points.push({
      ...labels,
      value,
      timestamp: this.timestamp(timestamp, labels),
      created: created === undefined ? undefined : this.timestamp(created, labels, 'created'),
    });
    return this;
  }
}
