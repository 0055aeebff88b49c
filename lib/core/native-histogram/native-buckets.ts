import type { Exemplar, NativeBucketRun, NativeHistogram } from '../../model';
import { bucketUpperBound, MIN_SCHEMA } from './bucket-bounds';
import { bucketIndex, type IndexLookup, indexLookup } from './bucket-index';
import { addNativeExemplar } from './native-exemplars';
import type { NativeHistogramConfig } from './native-options';
import { SignedBuckets } from './signed-buckets';

/**
 * The native (exponential) buckets of one histogram series: zero bucket,
 * positive and negative buckets, the current schema and zero threshold, and
 * exemplars. Count and sum stay on the series, shared with the classic buckets.
 *
 * Read through the `NativeHistogram` model interface (schema, zero bucket and
 * runs of counts per sign), the state can be merged bucket-wise with another
 * process's (`mergeNativeHistograms`) after `nativeHistogramData` copies it.
 */
export class NativeBuckets implements NativeHistogram {
  schema: number;
  zeroThreshold: number;
  zeroCount = 0;
  exemplars: Exemplar[] | undefined = undefined;
  private readonly pos: SignedBuckets;
  private readonly neg: SignedBuckets;
  private lookup: IndexLookup;
  /** Populated buckets of both signs. */
  private populated = 0;
  /** `maxBuckets`, with "no limit" as Infinity so the hot path compares once. */
  private readonly limit: number;
  private restoreTimer: ReturnType<typeof setTimeout> | undefined = undefined;

  constructor(private readonly config: NativeHistogramConfig) {
    this.schema = config.schema;
    this.zeroThreshold = config.zeroThreshold;
    this.lookup = indexLookup(config.schema);
    this.pos = new SignedBuckets(config.maxWindow);
    this.neg = new SignedBuckets(config.maxWindow);
    this.limit = config.maxBuckets > 0 ? config.maxBuckets : Number.POSITIVE_INFINITY;
  }

  get positive(): readonly NativeBucketRun[] {
    return this.pos.runs();
  }

  get negative(): readonly NativeBucketRun[] {
    return this.neg.runs();
  }

  /**
   * Counts one observation (any number but NaN). Returns true when the series
   * now has more populated buckets than `maxBuckets`; the caller then resets
   * it or calls `shrink()`.
   */
  observe(value: number): boolean {
    const zero = this.zeroThreshold;
    let side: SignedBuckets;
    let index: number;
    if (value > zero) {
      side = this.pos;
      index = bucketIndex(value, this.lookup);
    } else if (value < -zero) {
      side = this.neg;
      index = bucketIndex(-value, this.lookup);
    } else {
      this.zeroCount++;
      return false;
    }
    const k = index - side.offset;
    const counts = side.counts;
    if (k >= 0 && k < counts.length) {
      if (counts[k]++ !== 0) return false;
    } else if (!side.addOutside(index, 1)) {
      return false;
    }
    return ++this.populated > this.limit;
  }

  addExemplar(exemplar: Exemplar): void {
    addNativeExemplar((this.exemplars ??= []), exemplar, this.config.maxExemplars);
  }

  /** True while the zero bucket is wider or the resolution lower than configured. */
  get lowered(): boolean {
    return this.schema < this.config.schema || this.zeroThreshold > this.config.zeroThreshold;
  }

  /**
   * Brings the bucket count back within `maxBuckets`, as the native histogram
   * specification describes: first by widening the zero bucket over the
   * buckets nearest zero (up to `maxZeroThreshold`), else by halving the
   * resolution until the count fits or schema -4 is reached.
   */
  shrink(): void {
    if (this.widenZeroBucket()) return;
    while (this.populated > this.limit && this.schema > MIN_SCHEMA) this.lowerResolution();
  }

  private widenZeroBucket(): boolean {
    if (this.zeroThreshold >= this.config.maxZeroThreshold) return false;
    const p = this.pos.lowest();
    const n = this.neg.lowest();
    const lowest = p === undefined ? n : n === undefined ? p : Math.min(p, n);
    if (lowest === undefined) return false;
    const threshold = bucketUpperBound(lowest, this.schema);
    if (threshold > this.config.maxZeroThreshold) return false;
    for (const side of [this.pos, this.neg]) {
      const count = side.take(lowest);
      if (count !== 0) {
        this.zeroCount += count;
        this.populated--;
      }
    }
    this.zeroThreshold = threshold;
    return true;
  }

  /** One schema down: neighbouring buckets merge pairwise. */
  lowerResolution(): void {
    this.schema--;
    this.lookup = indexLookup(this.schema);
    this.pos.halveResolution();
    this.neg.halveResolution();
    this.populated = this.pos.populated() + this.neg.populated();
  }

  /**
   * Runs `restore` (a reset of the whole series) after `ms`, unless a reset
   * comes first. The timer does not keep the process alive.
   */
  scheduleRestore(ms: number, restore: () => void): void {
    if (this.restoreTimer !== undefined) return;
    this.restoreTimer = setTimeout(restore, Math.max(0, ms));
    this.restoreTimer.unref?.();
  }

  /** Back to the configured schema and zero threshold, with no observations. */
  reset(): void {
    if (this.restoreTimer !== undefined) {
      clearTimeout(this.restoreTimer);
      this.restoreTimer = undefined;
    }
    this.schema = this.config.schema;
    this.zeroThreshold = this.config.zeroThreshold;
    this.lookup = indexLookup(this.schema);
    this.zeroCount = 0;
    this.pos.clear();
    this.neg.clear();
    this.populated = 0;
    this.exemplars = undefined;
  }
}
