import type { Exemplar, NativeBucketRun, NativeHistogram } from '../../model';
import { bucketUpperBound } from './bucket-bounds';
import { DEFAULT_MAX_NATIVE_EXEMPLARS } from './native-options';

/** A run of native buckets as plain data. */
export interface NativeBucketRunData {
  offset: number;
  counts: number[];
}

/**
 * A native histogram as plain, JSON-serialisable data: what one process sends
 * another to merge. It satisfies the `NativeHistogram` model interface, so it
 * can be exposed as is. (Count and sum belong to the histogram point and are
 * summed alongside.)
 */
export interface NativeHistogramData {
  schema: number;
  zeroThreshold: number;
  zeroCount: number;
  positive: NativeBucketRunData[];
  negative: NativeBucketRunData[];
  exemplars?: Exemplar[];
}

/** A copy of a native histogram (for example a live series' buckets) as plain data. */
export function nativeHistogramData(h: NativeHistogram): NativeHistogramData {
  const copy = (runs: readonly NativeBucketRun[]) =>
    runs.map((r) => ({ offset: r.offset, counts: Array.from(r.counts) }));
  const data: NativeHistogramData = {
    schema: h.schema,
    zeroThreshold: h.zeroThreshold,
    zeroCount: h.zeroCount,
    positive: copy(h.positive),
    negative: copy(h.negative),
  };
  if (h.exemplars?.length) data.exemplars = h.exemplars.map((e) => ({ ...e, labels: { ...e.labels } }));
  return data;
}

/** Empty buckets this long or shorter stay inside a run rather than starting a new one. */
const MAX_GAP_IN_RUN = 8;

/**
 * The bucket-wise sum of two native histograms, as Prometheus adds them: both
 * are brought to the lower of the two schemas (neighbouring buckets merge) and
 * to the wider zero bucket (buckets it overlaps fold into it), then counts add.
 * Neither input is changed. Exemplars: the most recent few of both.
 */
export function mergeNativeHistograms(a: NativeHistogram, b: NativeHistogram): NativeHistogramData {
  const schema = Math.min(a.schema, b.schema);
  const positive = new Map<number, number>();
  const negative = new Map<number, number>();
  addAtSchema(positive, a.positive, a.schema, schema);
  addAtSchema(positive, b.positive, b.schema, schema);
  addAtSchema(negative, a.negative, a.schema, schema);
  addAtSchema(negative, b.negative, b.schema, schema);
  let zeroThreshold = Math.max(a.zeroThreshold, b.zeroThreshold);
  let zeroCount = a.zeroCount + b.zeroCount;
  const pos = [...positive.keys()].sort((x, y) => x - y);
  const neg = [...negative.keys()].sort((x, y) => x - y);
  // Fold buckets that reach into the zero bucket, widening it to their upper
  // bound, until the lowest remaining bucket of each sign lies above it.
  let p = 0;
  let n = 0;
  for (;;) {
    const nextP = p < pos.length ? pos[p] : undefined;
    const nextN = n < neg.length ? neg[n] : undefined;
    const index = nextP === undefined ? nextN : nextN === undefined ? nextP : Math.min(nextP, nextN);
    if (index === undefined || !(bucketUpperBound(index - 1, schema) < zeroThreshold)) break;
    zeroThreshold = Math.max(zeroThreshold, bucketUpperBound(index, schema));
    if (index === nextP) {
      zeroCount += positive.get(index)!;
      positive.delete(index);
      p++;
    }
    if (index === nextN) {
      zeroCount += negative.get(index)!;
      negative.delete(index);
      n++;
    }
  }
  const merged: NativeHistogramData = {
    schema,
    zeroThreshold,
    zeroCount,
    positive: toRuns(positive, pos.slice(p)),
    negative: toRuns(negative, neg.slice(n)),
  };
  const exemplars = [...(a.exemplars ?? []), ...(b.exemplars ?? [])];
  if (exemplars.length) {
    exemplars.sort((x, y) => (y.timestamp ?? 0) - (x.timestamp ?? 0));
    merged.exemplars = exemplars.slice(0, DEFAULT_MAX_NATIVE_EXEMPLARS);
  }
  return merged;
}

function addAtSchema(
  into: Map<number, number>,
  runs: readonly NativeBucketRun[],
  from: number,
  to: number,
): void {
  const shift = from - to;
  const round = (1 << shift) - 1;
  for (const run of runs) {
    for (let k = 0; k < run.counts.length; k++) {
      const count = run.counts[k];
      if (count === 0) continue;
      // Bucket i at schema s lies in bucket ceil(i / 2^d) at schema s - d.
      const index = (run.offset + k + round) >> shift;
      into.set(index, (into.get(index) ?? 0) + count);
    }
  }
}

function toRuns(buckets: Map<number, number>, sorted: readonly number[]): NativeBucketRunData[] {
  const runs: NativeBucketRunData[] = [];
  let run: NativeBucketRunData | undefined;
  for (const index of sorted) {
    if (run !== undefined && index - (run.offset + run.counts.length) <= MAX_GAP_IN_RUN) {
      while (run.offset + run.counts.length < index) run.counts.push(0);
    } else {
      run = { offset: index, counts: [] };
      runs.push(run);
    }
    run.counts.push(buckets.get(index)!);
  }
  return runs;
}
