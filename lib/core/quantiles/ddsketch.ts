import { DenseStore } from './dense-store';

export interface SketchOptions {
  /** Relative accuracy: every quantile is within this fraction of a true sample value. */
  relativeAccuracy?: number;
  /** Upper bound on bins per sign; bounds memory whatever the number of observations. */
  maxBins?: number;
}

/**
 * A sketch as plain data, for carrying it to another process: merging states
 * is as exact as merging sketches.
 */
export interface SketchState {
  readonly relativeAccuracy: number;
  readonly maxBins: number;
  readonly zeroCount: number;
  /** Exact extremes; +Inf and -Inf when empty. */
  readonly min: number;
  readonly max: number;
  /** Non-empty bins as `index, count` pairs, flattened, lowest index first. */
  readonly positive: readonly number[];
  readonly negative: readonly number[];
}

export const DEFAULT_RELATIVE_ACCURACY = 0.01;
export const DEFAULT_MAX_BINS = 2048;

/** Values this close to zero share the zero bin: their logarithm is not useful. */
const MIN_INDEXABLE = 1e-300;

/**
 * DDSketch (Masson, Rim, Lee; VLDB 2019): log-spaced bins with a guaranteed
 * relative error on every quantile. Two sketches with the same accuracy merge
 * exactly, which is what aggregation across processes needs.
 */
export class DDSketch {
  readonly relativeAccuracy: number;
  readonly maxBins: number;
  private readonly gamma: number;
  private readonly multiplier: number;
  private readonly positive: DenseStore;
  private readonly negative: DenseStore;
  private zeroCount = 0;
  /** Exact extremes: clamping to them makes small and constant samples exact. */
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;

  constructor(options: SketchOptions = {}) {
    const alpha = options.relativeAccuracy ?? DEFAULT_RELATIVE_ACCURACY;
    if (!(alpha > 0 && alpha < 1)) throw new RangeError('relativeAccuracy must be between 0 and 1');
    const maxBins = options.maxBins ?? DEFAULT_MAX_BINS;
    if (!(maxBins >= 16)) throw new RangeError('maxBins must be at least 16');
    this.relativeAccuracy = alpha;
    this.maxBins = maxBins;
    this.gamma = (1 + alpha) / (1 - alpha);
    this.multiplier = 1 / Math.log(this.gamma);
    this.positive = new DenseStore(maxBins);
    this.negative = new DenseStore(maxBins);
  }

  get count(): number {
    return this.positive.total + this.negative.total + this.zeroCount;
  }

  add(value: number): void {
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value > MIN_INDEXABLE) this.positive.add(Math.ceil(Math.log(value) * this.multiplier));
    else if (value < -MIN_INDEXABLE) this.negative.add(Math.ceil(Math.log(-value) * this.multiplier));
    else this.zeroCount++;
  }

  /** The q-quantile (0 ≤ q ≤ 1) of everything added, NaN when empty. */
  quantile(q: number): number {
    const count = this.count;
    if (count === 0 || !(q >= 0 && q <= 1)) return Number.NaN;
    if (q === 0) return this.min;
    if (q === 1) return this.max;
    const estimate = this.estimate(q * (count - 1));
    return Math.min(this.max, Math.max(this.min, estimate));
  }

  private estimate(rank: number): number {
    let seen = 0;
    let result = Number.NaN;
    const visit = (sign: number) => (index: number, n: number) => {
      if (!Number.isNaN(result)) return;
      seen += n;
      if (seen > rank) result = sign * this.binValue(index);
    };
    this.negative.forEachDescending(visit(-1));
    if (!Number.isNaN(result)) return result;
    seen += this.zeroCount;
    if (seen > rank) return 0;
    this.positive.forEach(visit(1));
    return Number.isNaN(result) ? this.binValue(this.positive.maxIndex) : result;
  }

  /** Several quantiles, in the order given. */
  quantiles(qs: readonly number[]): number[] {
    return qs.map((q) => this.quantile(q));
  }

  merge(other: DDSketch): void {
    if (other.gamma !== this.gamma) throw new Error('Cannot merge sketches with different accuracy');
    this.positive.merge(other.positive);
    this.negative.merge(other.negative);
    this.zeroCount += other.zeroCount;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  /** Everything added, as plain data (see `mergeState`). */
  toState(): SketchState {
    return {
      relativeAccuracy: this.relativeAccuracy,
      maxBins: this.maxBins,
      zeroCount: this.zeroCount,
      min: this.min,
      max: this.max,
      positive: binPairs(this.positive),
      negative: binPairs(this.negative),
    };
  }

  /** Adds a state produced by `toState()` of a sketch with the same accuracy; exact, as `merge`. */
  mergeState(state: SketchState): void {
    if (state.relativeAccuracy !== this.relativeAccuracy) {
      throw new Error(
        `Cannot merge a sketch of relative accuracy ${state.relativeAccuracy} into one of ${this.relativeAccuracy}`,
      );
    }
    addPairs(this.positive, state.positive);
    addPairs(this.negative, state.negative);
    this.zeroCount += state.zeroCount;
    if (state.min < this.min) this.min = state.min;
    if (state.max > this.max) this.max = state.max;
  }

  clear(): void {
    this.positive.clear();
    this.negative.clear();
    this.zeroCount = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
  }

  /** The value that represents bin `index` with at most `relativeAccuracy` error for anything in it. */
  private binValue(index: number): number {
    return (2 * this.gamma ** index) / (this.gamma + 1);
  }
}

function binPairs(store: DenseStore): number[] {
  const pairs: number[] = [];
  store.forEach((index, count) => {
    pairs.push(index, count);
  });
  return pairs;
}

function addPairs(store: DenseStore, pairs: readonly number[]): void {
  for (let i = 0; i + 1 < pairs.length; i += 2) store.add(pairs[i], pairs[i + 1]);
}
