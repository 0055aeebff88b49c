import type { NativeBucketRun } from '../../model';

const EMPTY = new Float64Array(0);

/**
 * The buckets of one sign of a native histogram. Counts live in a dense
 * window (`counts[k]` is bucket `offset + k`), so the hot path is one typed
 * array increment; the window is at most `maxWindow` slots wide, and a bucket
 * too far from it (an outlier, or +Inf) is kept in a small map instead.
 *
 * Invariant: no key of `far` lies inside the window.
 */
export class SignedBuckets implements NativeBucketRun {
  offset = 0;
  counts: Float64Array = EMPTY;
  /** Populated buckets outside the window, by index. */
  far: Map<number, number> | undefined = undefined;
  /** `[this]`, kept so the usual single-run answer of `runs()` allocates nothing. */
  private readonly self: readonly NativeBucketRun[] = [this];

  constructor(private readonly maxWindow: number) {}

  /**
   * Adds `count` to bucket `index` when it lies outside the window (the caller
   * handles the in-window case inline). Returns true if the bucket was empty.
   */
  addOutside(index: number, count: number): boolean {
    const far = this.far;
    const existing = far?.get(index);
    if (existing !== undefined) {
      far!.set(index, existing + count);
      return false;
    }
    if (this.fitWindow(index)) {
      const k = index - this.offset;
      const wasEmpty = this.counts[k] === 0;
      this.counts[k] += count;
      return wasEmpty;
    }
    (this.far ??= new Map()).set(index, count);
    return true;
  }

  /** Adds to any bucket, inside the window or not. Returns true if the bucket was empty. */
  add(index: number, count: number): boolean {
    const k = index - this.offset;
    if (k >= 0 && k < this.counts.length) {
      const wasEmpty = this.counts[k] === 0;
      this.counts[k] += count;
      return wasEmpty;
    }
    return this.addOutside(index, count);
  }

  /**
   * Moves or widens the window so it covers `index`, if the populated part
   * and `index` fit in `maxWindow` slots; far buckets that end up inside move in.
   */
  private fitWindow(index: number): boolean {
    let lo = index;
    let hi = index;
    const counts = this.counts;
    let first = -1;
    let last = -1;
    for (let k = 0; k < counts.length; k++) {
      if (counts[k] !== 0) {
        if (first < 0) first = k;
        last = k;
      }
    }
    if (first >= 0) {
      lo = Math.min(lo, this.offset + first);
      hi = Math.max(hi, this.offset + last);
    }
    const needed = hi - lo + 1;
    if (needed > this.maxWindow) return false;
    // Room to grow on the side the new bucket came from, so a drifting
    // distribution does not reallocate on every new bucket.
    const size = Math.min(this.maxWindow, Math.max(needed + 8, needed * 2, counts.length));
    const offset = index < lo + (needed >> 1) ? hi - size + 1 : lo;
    const grown = new Float64Array(size);
    if (first >= 0) {
      const from = this.offset + first - offset;
      grown.set(counts.subarray(first, last + 1), from);
    }
    this.offset = offset;
    this.counts = grown;
    const far = this.far;
    if (far !== undefined) {
      for (const [i, c] of far) {
        if (i >= offset && i < offset + size) {
          grown[i - offset] += c;
          far.delete(i);
        }
      }
      if (far.size === 0) this.far = undefined;
    }
    return true;
  }

  /** Populated buckets. */
  populated(): number {
    let n = this.far?.size ?? 0;
    const counts = this.counts;
    for (let k = 0; k < counts.length; k++) if (counts[k] !== 0) n++;
    return n;
  }

  /** The lowest populated index, or undefined. */
  lowest(): number | undefined {
    let best: number | undefined;
    const counts = this.counts;
    for (let k = 0; k < counts.length; k++) {
      if (counts[k] !== 0) {
        best = this.offset + k;
        break;
      }
    }
    if (this.far !== undefined) for (const i of this.far.keys()) if (best === undefined || i < best) best = i;
    return best;
  }

  /** Removes bucket `index` and returns its count. */
  take(index: number): number {
    const k = index - this.offset;
    if (k >= 0 && k < this.counts.length) {
      const c = this.counts[k];
      this.counts[k] = 0;
      return c;
    }
    const c = this.far?.get(index) ?? 0;
    this.far?.delete(index);
    return c;
  }

  /**
   * Halves the resolution: bucket i becomes bucket ceil(i / 2), which is
   * exactly the bucket of the next lower schema holding the same values.
   */
  halveResolution(): void {
    const { offset, counts, far } = this;
    this.offset = 0;
    this.counts = EMPTY;
    this.far = undefined;
    if (counts.length > 0) {
      const lo = (offset + 1) >> 1;
      const hi = (offset + counts.length) >> 1;
      const halved = new Float64Array(hi - lo + 1);
      for (let k = 0; k < counts.length; k++) {
        if (counts[k] !== 0) halved[((offset + k + 1) >> 1) - lo] += counts[k];
      }
      this.offset = lo;
      this.counts = halved;
    }
    if (far !== undefined) for (const [i, c] of far) this.add((i + 1) >> 1, c);
  }

  clear(): void {
    this.offset = 0;
    this.counts = EMPTY;
    this.far = undefined;
  }

  /** The buckets as ascending runs: the window, with any far buckets before or after it. */
  runs(): readonly NativeBucketRun[] {
    const far = this.far;
    if (far === undefined) return this.self;
    const indexes = [...far.keys()].sort((a, b) => a - b);
    const runs: NativeBucketRun[] = [];
    let windowPlaced = false;
    for (const i of indexes) {
      if (!windowPlaced && i > this.offset) {
        runs.push(this);
        windowPlaced = true;
      }
      runs.push({ offset: i, counts: [far.get(i)!] });
    }
    if (!windowPlaced) runs.push(this);
    return runs;
  }
}
