import { MetricConfigError } from './validation';

/** prom-client's and client_golang's default buckets, for latencies in seconds. */
export const DEFAULT_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/** `count` bucket bounds from `start`, `width` apart, as prom-client's `linearBuckets`. */
export function linearBuckets(start: number, width: number, count: number): number[] {
  if (!(count >= 1) || !Number.isInteger(count))
    throw new RangeError('linearBuckets needs a positive integer count');
  if (!(width > 0)) throw new RangeError('linearBuckets needs a width greater than 0');
  const buckets = new Array<number>(count);
  for (let i = 0; i < count; i++) buckets[i] = start + i * width;
  return buckets;
}

/** `count` bucket bounds from `start`, each `factor` times the one before, as prom-client's `exponentialBuckets`. */
export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  if (!(start > 0)) throw new RangeError('exponentialBuckets needs a start greater than 0');
  if (!(factor > 1)) throw new RangeError('exponentialBuckets needs a factor greater than 1');
  if (!(count >= 1) || !Number.isInteger(count)) {
    throw new RangeError('exponentialBuckets needs a positive integer count');
  }
  const buckets = new Array<number>(count);
  for (let i = 0; i < count; i++) buckets[i] = start * factor ** i;
  return buckets;
}

/**
 * Validated upper bounds without the implied +Inf, in a private array. Not
 * frozen: V8 reads frozen arrays several times slower, and every observe reads these.
 */
export function checkBuckets(metric: string, buckets: unknown): readonly number[] {
  if (buckets === undefined) return [...DEFAULT_BUCKETS];
  if (!Array.isArray(buckets))
    throw new MetricConfigError(`Histogram "${metric}": buckets must be an array of numbers`);
  const bounds =
    buckets[buckets.length - 1] === Number.POSITIVE_INFINITY ? buckets.slice(0, -1) : [...buckets];
  for (let i = 0; i < bounds.length; i++) {
    const b = bounds[i];
    if (typeof b !== 'number' || Number.isNaN(b) || b === Number.POSITIVE_INFINITY) {
      throw new MetricConfigError(
        `Histogram "${metric}": bucket ${i} is ${String(b)}; buckets must be finite numbers`,
      );
    }
    if (i > 0 && !(b > bounds[i - 1])) {
      throw new MetricConfigError(
        `Histogram "${metric}": buckets must be sorted and distinct, but ${bounds[i - 1]} is followed by ${b}`,
      );
    }
  }
  return bounds;
}
