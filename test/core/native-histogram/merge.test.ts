import { Histogram } from 'promkit';
import type { NativeHistogram } from 'promkit/exposition';
import { mergeNativeHistograms, type NativeHistogramData, nativeHistogramData } from 'promkit/multiprocess';
import type { NativeHistogramOptions } from '../../../lib/core';

function observed(options: NativeHistogramOptions, values: number[]): NativeHistogram {
  const h = new Histogram({ name: 'merge_seconds', help: 'M', native: options, registers: [] });
  for (const v of values) h.observe(v);
  return h.labels().native as NativeHistogram;
}

/** Bucket index -> count per sign, ignoring how runs are cut. */
function normalized(h: NativeHistogram) {
  const side = (runs: NativeHistogram['positive']) => {
    const out: Record<number, number> = {};
    for (const r of runs)
      for (let k = 0; k < r.counts.length; k++) if (r.counts[k]) out[r.offset + k] = r.counts[k];
    return out;
  };
  return {
    schema: h.schema,
    zeroThreshold: h.zeroThreshold,
    zeroCount: h.zeroCount,
    positive: side(h.positive),
    negative: side(h.negative),
  };
}

describe('merging native histograms', () => {
  const a = [0.003, 0.2, 1, 1.7, 40, -2, -0.5, 1e6];
  const b = [0.004, 0.21, 3, 3.3, 900, -2.5, 0];

  it('equals one histogram of all observations at the lower schema', () => {
    const merged = mergeNativeHistograms(observed({ schema: 5 }, a), observed({ schema: 2 }, b));
    expect(normalized(merged)).toEqual(normalized(observed({ schema: 2 }, [...a, ...b])));
  });

  it('is symmetric and leaves its inputs alone', () => {
    const left = observed({ schema: 3 }, a);
    const right = observed({ schema: 3 }, b);
    const before = JSON.stringify([nativeHistogramData(left), nativeHistogramData(right)]);
    expect(normalized(mergeNativeHistograms(left, right))).toEqual(
      normalized(mergeNativeHistograms(right, left)),
    );
    expect(JSON.stringify([nativeHistogramData(left), nativeHistogramData(right)])).toBe(before);
  });

  it('folds buckets the wider zero bucket overlaps into it, widening it to their upper bound', () => {
    // Schema 0 buckets: 0.3 in (0.25, 0.5], 0.7 in (0.5, 1].
    const wideZero = observed({ schema: 0, zeroThreshold: 0.3 }, [0.1, 2]);
    const narrow = observed({ schema: 0 }, [0.3, -0.3, 0.7, 2]);
    const merged = normalized(mergeNativeHistograms(wideZero, narrow));
    expect(merged).toEqual({
      schema: 0,
      zeroThreshold: 0.5, // (0.25, 0.5] reached into (0, 0.3]
      zeroCount: 3,
      positive: { 0: 1, 1: 2 },
      negative: {},
    });
  });

  it('survives JSON, the way processes exchange it', () => {
    const data: NativeHistogramData = JSON.parse(
      JSON.stringify(nativeHistogramData(observed({ schema: 4 }, a))),
    );
    const merged = mergeNativeHistograms(data, observed({ schema: 4 }, b));
    expect(normalized(merged)).toEqual(normalized(observed({ schema: 4 }, [...a, ...b])));
  });

  it('keeps the most recent exemplars of both', () => {
    const withExemplars = (trace: string, at: number): NativeHistogramData => ({
      schema: 3,
      zeroThreshold: 0,
      zeroCount: 0,
      positive: [],
      negative: [],
      exemplars: [{ labels: { trace_id: trace }, value: 1, timestamp: at }],
    });
    const merged = mergeNativeHistograms(withExemplars('old', 1000), withExemplars('new', 2000));
    expect(merged.exemplars?.map((e) => e.labels.trace_id)).toEqual(['new', 'old']);
  });
});
