import { describe, MetricConfigError, MetricValueError } from '../../core';
import type { HistogramPoint, LabelSet } from '../../model';
import { FamilyBuilder, type FamilyOptions, type LabelValueList } from './family-builder';

/** One bucket as the Python client takes it: upper bound (`'+Inf'` or a number) and the cumulative count. */
export type CumulativeBucket = readonly [le: number | string, cumulativeCount: number];

/** `HistogramMetricFamily`'s options. */
export interface HistogramFamilyOptions extends FamilyOptions {
  /** With `sum`: shortcut for one series without labels. */
  buckets?: readonly CumulativeBucket[];
  sum?: number;
}

/**
 * A histogram family for custom collectors, as the Python client's
 * HistogramMetricFamily: buckets are cumulative, sorted, and end with `+Inf`,
 * whose count is the series' `_count`.
 */
export class HistogramMetricFamily extends FamilyBuilder<'histogram', HistogramPoint> {
  constructor(name: string, help: string, options: HistogramFamilyOptions = {}) {
    super('histogram', name, help, options, ['le']);
    if ((options.buckets === undefined) !== (options.sum === undefined)) {
      throw new MetricConfigError(`${this.what}: buckets and sum must be given together`);
    }
    if (options.buckets !== undefined && options.sum !== undefined) {
      this.assertValueWithoutLabels(options);
      this.addMetric([], options.buckets, options.sum);
    }
  }

  /** Adds one series; `timestamp` is in milliseconds since the epoch. */
  addMetric(
    labelValues: LabelValueList,
    buckets: readonly CumulativeBucket[],
    sum: number,
    timestamp?: number,
  ): this {
    const labels = this.labelSet(labelValues);
    this.assertNumber('sum', sum, labels);
    const { upperBounds, bucketCounts, count } = this.perBucketCounts(buckets, labels);
    this.points.push({
      ...labels,
      upperBounds,
      bucketCounts,
      count,
      sum,
      timestamp: this.timestamp(timestamp, labels),
    });
    return this;
  }

  /** The data model stores per-bucket counts with the +Inf bound implied; the input is cumulative. */
  private perBucketCounts(buckets: readonly CumulativeBucket[], labels: LabelSet) {
    if (!Array.isArray(buckets) || buckets.length === 0) {
      throw new MetricValueError(
        `${this.where(labels)}: buckets must be a non-empty array of [le, cumulativeCount] ending with '+Inf', got ${describe(buckets)}`,
      );
    }
    const upperBounds: number[] = [];
    const bucketCounts: number[] = [];
    let previousBound = Number.NEGATIVE_INFINITY;
    let previousCount = 0;
    for (const bucket of buckets) {
      const [le, cumulative] = Array.isArray(bucket) ? bucket : [];
      const bound = typeof le === 'string' ? Number(le === '+Inf' ? Number.POSITIVE_INFINITY : le) : le;
      if (typeof bound !== 'number' || Number.isNaN(bound) || !(bound > previousBound)) {
        throw new MetricValueError(
          `${this.where(labels)}: bucket bounds must be numbers in increasing order, got ${describe(le)} after ${previousBound}`,
        );
      }
      this.assertCount(`cumulative count of bucket le=${String(le)}`, cumulative, labels);
      if (cumulative < previousCount) {
        throw new MetricValueError(
          `${this.where(labels)}: bucket counts must be cumulative, but le=${String(le)} has ${cumulative} after ${previousCount}`,
        );
      }
      if (bound !== Number.POSITIVE_INFINITY) upperBounds.push(bound);
      bucketCounts.push(cumulative - previousCount);
      previousBound = bound;
      previousCount = cumulative;
    }
    if (previousBound !== Number.POSITIVE_INFINITY) {
      throw new MetricValueError(
        `${this.where(labels)}: the last bucket must be '+Inf' (it holds the total count)`,
      );
    }
    return { upperBounds, bucketCounts, count: previousCount };
  }
}
