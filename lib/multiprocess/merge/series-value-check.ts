import type { MetricType } from '../../model';
import { toWire } from '../snapshot';
import type { VectorReader } from './vector-reader';

/** What is wrong with one series' values, or undefined; see `seriesValueCheck`. */
export type SeriesValueCheck = (s: number) => string | undefined;

/**
 * The values a snapshot's structure allows but its type does not: a counter
 * that is NaN or negative, bucket counts or counts that are not whole, a
 * histogram count that is not the sum of its buckets. Strict OpenMetrics
 * parsers reject a whole exposition for one of them, and one process's bad
 * series would spoil every process's total. Undefined for types with no such
 * values. Checked series by series on the vector the merge reads (whatever
 * the source), so only the bad series are refused: a change-only snapshot
 * must keep the positions of the one it patches.
 */
export function seriesValueCheck(
  type: MetricType,
  read: VectorReader,
  width: number,
): SeriesValueCheck | undefined {
  switch (type) {
    case 'counter':
      return (s) => {
        const v = read(s, 0);
        return v >= 0 ? undefined : `a counter's value must be a number >= 0, got ${toWire(v)}`;
      };
    case 'histogram': {
      const buckets = width - 2;
      return (s) => {
        let total = 0;
        for (let b = 0; b < buckets; b++) {
          const count = read(s, b);
          if (!Number.isInteger(count)) return `bucket counts must be whole numbers, got ${count}`;
          total += count;
        }
        const count = read(s, buckets);
        return count === total
          ? undefined
          : `the count ${count} is not the sum of the bucket counts (${total})`;
      };
    }
    case 'summary':
      return (s) => {
        const count = read(s, 0);
        return Number.isInteger(count) ? undefined : `the count must be a whole number, got ${count}`;
      };
    default:
      return undefined;
  }
}
