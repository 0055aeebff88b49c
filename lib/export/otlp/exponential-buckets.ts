import type { NativeBucketRun } from '../../model';
import type { OtlpBuckets } from './otlp-data';

const NO_BUCKETS: OtlpBuckets = { offset: 0, counts: [] };

/**
 * Prometheus' native buckets of one sign as OTLP's dense exponential buckets.
 * Prometheus' bucket i holds (base^(i-1), base^i], OTLP's bucket i holds
 * (base^i, base^(i+1)]: the same bucket is one index lower in OTLP. Empty
 * buckets between the first and last populated ones are written as zeros.
 */
export function otlpBuckets(runs: readonly NativeBucketRun[]): OtlpBuckets {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const run of runs) {
    for (let k = 0; k < run.counts.length; k++) {
      if (run.counts[k] === 0) continue;
      first = Math.min(first, run.offset + k);
      last = Math.max(last, run.offset + k);
    }
  }
  if (first > last) return NO_BUCKETS;
  const counts: number[] = new Array(last - first + 1).fill(0);
  for (const run of runs) {
    for (let k = 0; k < run.counts.length; k++) {
      const count = run.counts[k];
      // OTLP counts are integers: a float histogram's fractional counts are rounded.
      if (count !== 0) counts[run.offset + k - first] += Math.round(count);
    }
  }
  return { offset: first - 1, counts };
}
