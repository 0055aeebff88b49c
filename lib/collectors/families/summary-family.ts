import { MetricConfigError, MetricValueError } from '../../core';
import type { Quantile, SummaryPoint } from '../../model';
import { FamilyBuilder, type FamilyOptions, type LabelValueList } from './family-builder';

/** `SummaryMetricFamily`'s options. */
export interface SummaryFamilyOptions extends FamilyOptions {
  /** With `sum`: shortcut for one series without labels. */
  count?: number;
  sum?: number;
}

/** A summary family for custom collectors, as the Python client's SummaryMetricFamily (count and sum, optional quantiles). */
export class SummaryMetricFamily extends FamilyBuilder<'summary', SummaryPoint> {
  constructor(name: string, help: string, options: SummaryFamilyOptions = {}) {
    super('summary', name, help, options, ['quantile']);
    if ((options.count === undefined) !== (options.sum === undefined)) {
      throw new MetricConfigError(`${this.what}: count and sum must be given together`);
    }
    if (options.count !== undefined && options.sum !== undefined) {
      this.assertValueWithoutLabels(options);
      this.addMetric([], options.count, options.sum);
    }
  }

  /**
   * Adds one series. `quantiles` are `[quantile, value]` pairs with quantiles
   * in [0, 1]; `timestamp` is in milliseconds since the epoch.
   */
  addMetric(
    labelValues: LabelValueList,
    count: number,
    sum: number,
    timestamp?: number,
    quantiles: readonly (readonly [number, number])[] = [],
  ): this {
    const labels = this.labelSet(labelValues);
    this.assertCount('count', count, labels);
    this.assertNumber('sum', sum, labels);
    const checked: Quantile[] = quantiles.map(([quantile, value]) => {
      if (typeof quantile !== 'number' || !(quantile >= 0 && quantile <= 1)) {
        throw new MetricValueError(
          `${this.where(labels)}: quantile must be between 0 and 1, got ${String(quantile)}`,
        );
      }
      this.assertNumber(`value of quantile ${quantile}`, value, labels);
      return { quantile, value };
    });
    this.points.push({
      ...labels,
      count,
      sum,
      quantiles: checked,
      timestamp: this.timestamp(timestamp, labels),
    });
    return this;
  }
}
