/**
 * Counts per integer bin index, stored densely. Memory is bounded by `maxBins`:
 * when the indices in use span more than that, the lowest bins are folded into
 * one, which only costs accuracy at the low end of the range.
 */
export class DenseStore {
  private counts = new Float64Array(0);
  private offset = 0;
  minIndex = Number.POSITIVE_INFINITY;
  maxIndex = Number.NEGATIVE_INFINITY;
  total = 0;

  constructor(private readonly maxBins: number) {}

  add(index: number, n = 1): void {
    if (index < this.minIndex || index > this.maxIndex) index = this.extendTo(index);
    this.counts[index - this.offset] += n;
    this.total += n;
  }

  /** Count in bin `index`. */
  get(index: number): number {
    const i = index - this.offset;
    return i >= 0 && i < this.counts.length ? this.counts[i] : 0;
  }

  /** Calls `fn(index, count)` for every non-empty bin, lowest index first. */
  forEach(fn: (index: number, count: number) => void): void {
    if (this.total === 0) return;
    for (let index = this.minIndex; index <= this.maxIndex; index++) {
      const c = this.counts[index - this.offset];
      if (c !== 0) fn(index, c);
    }
  }

  /** Calls `fn` for every non-empty bin, highest index first. */
  forEachDescending(fn: (index: number, count: number) => void): void {
    if (this.total === 0) return;
    for (let index = this.maxIndex; index >= this.minIndex; index--) {
      const c = this.counts[index - this.offset];
      if (c !== 0) fn(index, c);
    }
  }

  merge(other: DenseStore): void {
    other.forEach((index, count) => {
      this.add(index, count);
    });
  }

  clear(): void {
    if (this.total !== 0) this.counts.fill(0);
    this.minIndex = Number.POSITIVE_INFINITY;
    this.maxIndex = Number.NEGATIVE_INFINITY;
    this.total = 0;
  }

  /** Widens the tracked range to take `index`; returns the bin it really lands in. */
  private extendTo(index: number): number {
    let lo = this.total === 0 ? index : Math.min(index, this.minIndex);
    const hi = this.total === 0 ? index : Math.max(index, this.maxIndex);
    if (hi - lo + 1 > this.maxBins) {
      lo = hi - this.maxBins + 1;
      if (index < lo) index = lo;
    }
    if (lo < this.offset || hi >= this.offset + this.counts.length) {
      this.reallocate(lo, hi);
    } else if (this.total !== 0 && lo > this.minIndex) {
      this.foldBelow(lo);
    }
    this.minIndex = lo;
    this.maxIndex = hi;
    return index;
  }

  private reallocate(lo: number, hi: number): void {
    const span = hi - lo + 1;
    const capacity = Math.min(this.maxBins, span + Math.max(32, span));
    const slack = capacity - span;
    // Leave room on both sides: values drift up and down.
    const offset = lo - (slack >> 1);
    const next = new Float64Array(capacity);
    if (this.total !== 0) {
      for (let index = this.minIndex; index <= this.maxIndex; index++) {
        const c = this.counts[index - this.offset];
        if (c !== 0) next[Math.max(index, lo) - offset] += c;
      }
    }
    this.counts = next;
    this.offset = offset;
  }

  private foldBelow(lo: number): void {
    let folded = 0;
    for (let index = this.minIndex; index < lo; index++) {
      folded += this.counts[index - this.offset];
      this.counts[index - this.offset] = 0;
    }
    this.counts[lo - this.offset] += folded;
  }
}
