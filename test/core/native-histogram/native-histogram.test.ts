import { Histogram, MetricConfigError, Registry } from 'promkit';
import type { NativeHistogram } from 'promkit/exposition';
import type { HistogramSeries, NativeHistogramOptions } from '../../../lib/core';
import { bucketIndex, indexLookup } from '../../../lib/core/native-histogram';

/** Bucket index -> count of one sign, read through the model interface. */
function buckets(runs: NativeHistogram['positive']): Record<number, number> {
  const out: Record<number, number> = {};
  for (const run of runs) {
    for (let k = 0; k < run.counts.length; k++) if (run.counts[k] !== 0) out[run.offset + k] = run.counts[k];
  }
  return out;
}

/** What an exact count of `values` per bucket at `schema` gives. */
function expectedBuckets(values: number[], schema: number, zeroThreshold = 2 ** -128) {
  const lookup = indexLookup(schema);
  const positive: Record<number, number> = {};
  const negative: Record<number, number> = {};
  let zero = 0;
  for (const v of values) {
    if (Math.abs(v) <= zeroThreshold) zero++;
    else {
      const side = v > 0 ? positive : negative;
      const i = bucketIndex(Math.abs(v), lookup);
      side[i] = (side[i] ?? 0) + 1;
    }
  }
  return { schema, zeroCount: zero, positive, negative };
}

function state(series: HistogramSeries) {
  const native = series.native as NativeHistogram;
  return {
    schema: native.schema,
    zeroCount: native.zeroCount,
    positive: buckets(native.positive),
    negative: buckets(native.negative),
  };
}

function histogram(native: NativeHistogramOptions | true, buckets?: number[]) {
  return new Histogram({ name: 'latency_seconds', help: 'L', native, buckets, registers: [] });
}

describe('native histograms', () => {
  it('count each observation into its exponential bucket, the zero bucket or a negative bucket', () => {
    const h = histogram({ schema: 2 });
    const values = [0.001, 0.5, 1, 1.2, 1.3, 7, 300, 0, -0.2, -5, 1e-45];
    for (const v of values) h.observe(v);
    expect(state(h.labels())).toEqual(expectedBuckets(values, 2));
    const series = h.labels();
    expect([series.count, series.sum]).toEqual([values.length, values.reduce((a, b) => a + b)]);
  });

  it('default to schema 3 (bucket factor 1.1), zero threshold 2^-128 and native-only buckets', async () => {
    const registry = new Registry();
    const h = new Histogram({ name: 'size_bytes', help: 'S', native: true, registers: [registry] });
    h.observe(2 ** -129);
    h.observe(10);
    const native = h.labels().native as NativeHistogram;
    expect([native.schema, native.zeroThreshold, native.zeroCount]).toEqual([3, 2 ** -128, 1]);
    expect(h.upperBounds).toEqual([]);
    // The text formats carry only what classic buckets can say: +Inf, sum and count.
    expect(await registry.metrics()).toBe(
      [
        '# HELP size_bytes S',
        '# TYPE size_bytes histogram',
        'size_bytes_bucket{le="+Inf"} 2',
        `size_bytes_sum ${2 ** -129 + 10}`,
        'size_bytes_count 2',
        '',
      ].join('\n'),
    );
  });

  it('keep classic buckets alongside when buckets are given', () => {
    const h = histogram({ bucketFactor: 1.5 }, [1, 10]);
    for (const v of [0.5, 5, 50]) h.observe(v);
    const series = h.labels();
    expect(Array.from(series.bucketCounts)).toEqual([1, 1, 1]);
    expect(state(series)).toEqual(expectedBuckets([0.5, 5, 50], 1));
  });

  it('put ±Inf above the largest double without lowering the resolution', () => {
    const h = histogram({ schema: 3 });
    for (const v of [1, 2, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) h.observe(v);
    const top = bucketIndex(Number.MAX_VALUE, indexLookup(3)) + 1;
    expect(state(h.labels())).toEqual({
      schema: 3,
      zeroCount: 0,
      positive: { 0: 1, 8: 1, [top]: 1 },
      negative: { [top]: 1 },
    });
    // Runs stay ascending with the far bucket after the window.
    const offsets = (h.labels().native as NativeHistogram).positive.map((r) => r.offset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  });

  it('reject NaN like the classic buckets do, leaving the series untouched', () => {
    const h = histogram(true);
    h.observe(3);
    expect(() => h.observe(Number.NaN)).toThrow('observed value must be a number other than NaN');
    expect(state(h.labels())).toEqual(expectedBuckets([3], 3));
  });

  describe('over the bucket limit', () => {
    /** Values 1..1000 on a log scale: they populate many fine buckets. */
    const wide = Array.from({ length: 400 }, (_, i) => 1000 ** (i / 399));

    it('lower the resolution to the finest schema that fits, with exactly the buckets of that schema', () => {
      const h = histogram({ schema: 8, maxBuckets: 20 });
      for (const v of wide) h.observe(v);
      const fits = [8, 7, 6, 5, 4, 3, 2, 1, 0].find(
        (s) => Object.keys(expectedBuckets(wide, s).positive).length <= 20,
      ) as number;
      // 1..1000 spans ten octaves: 11 buckets at schema 0, 21 at schema 1.
      expect(fits).toBe(0);
      expect(state(h.labels())).toEqual(expectedBuckets(wide, fits));
    });

    it('merge neighbouring buckets pairwise when lowering the schema by one', () => {
      const values = [...wide, -3, -0.01, 1e-300, 1e300];
      for (let schema = 8; schema > -4; schema--) {
        const h = histogram({ schema, maxBuckets: 0 });
        for (const v of values) h.observe(v);
        const native = h.labels().native!;
        native.lowerResolution();
        expect(state(h.labels())).toEqual(expectedBuckets(values, schema - 1));
      }
    });

    it('widen the zero bucket up to maxZeroThreshold before lowering the resolution', () => {
      const h = histogram({ schema: 0, maxBuckets: 3, maxZeroThreshold: 1 });
      const native = () => h.labels().native as NativeHistogram;
      for (const v of [0.1, 0.3, -0.3]) h.observe(v); // buckets -3, -1 and -1 negative: at the limit
      h.observe(2); // a fourth: the lowest, (0.0625, 0.125], joins the zero bucket
      expect([native().zeroThreshold, native().zeroCount]).toEqual([0.125, 1]);
      h.observe(0.2); // (0.125, 0.25] is the lowest now
      expect([native().zeroThreshold, native().zeroCount]).toEqual([0.25, 2]);
      h.observe(8); // bucket -1 of both signs folds in
      expect([native().zeroThreshold, native().zeroCount]).toEqual([0.5, 4]);
      for (const v of [0.6, 0.9, 100]) h.observe(v); // bucket 0, (0.5, 1], folds in: maxZeroThreshold reached
      expect([native().zeroThreshold, native().zeroCount]).toEqual([1, 6]);
      h.observe(1000); // buckets 1, 3, 7, 10: widening would pass 1, so the schema drops to -2
      expect(state(h.labels())).toEqual({
        schema: -2,
        zeroCount: 6,
        positive: { 1: 2, 2: 1, 3: 1 },
        negative: {},
      });
      expect(native().zeroThreshold).toBe(1);
    });

    describe('with minResetDuration', () => {
      beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }));
      afterEach(() => jest.useRealTimers());

      it('restore the resolution by resetting the series once the duration has passed', () => {
        const h = histogram({ schema: 3, maxBuckets: 4, minResetDuration: 60_000 });
        for (const v of [1, 2, 4, 8, 16]) h.observe(v);
        expect(h.labels().native?.schema).toBeLessThan(3);
        jest.advanceTimersByTime(59_999);
        expect(h.labels().count).toBe(5);
        jest.advanceTimersByTime(1);
        const series = h.labels();
        expect([series.count, series.native?.schema, series.created]).toEqual([0, 3, Date.now()]);
      });

      it('reset instead of lowering the resolution when the series is older than the duration', () => {
        const h = histogram({ schema: 3, maxBuckets: 4, minResetDuration: 60_000 });
        for (const v of [1, 2, 4, 8]) h.observe(v);
        jest.advanceTimersByTime(60_000);
        h.observe(16);
        const series = h.labels();
        // A counter reset for Prometheus; the observation that overflowed is kept.
        expect([series.count, series.sum, series.created]).toEqual([1, 16, Date.now()]);
        expect(state(series)).toEqual(expectedBuckets([16], 3));
      });
    });
  });

  it('keep exemplars with timestamps, spread over the range, at most maxExemplars', () => {
    const h = new Histogram({
      name: 'traced_seconds',
      help: 'T',
      native: { maxExemplars: 3 },
      enableExemplars: true,
      registers: [],
    });
    for (const [value, trace] of [
      [0.001, 'a'],
      [0.1, 'b'],
      [10, 'c'],
      [0.0011, 'd'],
    ] as const) {
      h.observe({ value, exemplarLabels: { trace_id: trace } });
    }
    const exemplars = h.labels().native?.exemplars ?? [];
    // 'd' replaced its nearest neighbour 'a' rather than dropping the far 'c'.
    expect(exemplars.map((e) => e.labels.trace_id).sort()).toEqual(['b', 'c', 'd']);
    for (const e of exemplars) expect(e.timestamp).toEqual(expect.any(Number));
  });

  it('zero() and reset() clear the native buckets and restore the configured schema', () => {
    const h = histogram({ schema: 5, maxBuckets: 2 });
    for (const v of [1, 10, 100]) h.observe(v);
    expect(h.labels().native?.schema).toBeLessThan(5);
    h.reset();
    expect(state(h.labels())).toEqual(expectedBuckets([], 5));
  });

  it.each([
    [{ schema: 9 }, 'native.schema must be an integer from -4 to 8, got 9'],
    [{ schema: 2, bucketFactor: 1.1 }, 'native: give either schema or bucketFactor, not both'],
    [{ bucketFactor: 1 }, 'native.bucketFactor must be a number greater than 1, got 1'],
    [{ zeroThreshold: -1 }, 'native.zeroThreshold must be a finite number >= 0, got -1'],
    [{ zeroThreshold: 1, maxZeroThreshold: 0.5 }, 'native.maxZeroThreshold (0.5) is below zeroThreshold (1)'],
    [{ maxBuckets: 1.5 }, 'native.maxBuckets must be an integer >= 0, got 1.5'],
    [{ bucketfactor: 1.1 }, 'native: unknown option "bucketfactor"'],
    ['yes', 'native must be true, false or an options object'],
  ])('reject bad native options %p with an error naming the metric', (native, message) => {
    const registry = new Registry();
    expect(
      () => new Histogram({ name: 'bad_seconds', help: 'B', native: native as never, registers: [registry] }),
    ).toThrow(MetricConfigError);
    expect(
      () => new Histogram({ name: 'bad_seconds', help: 'B', native: native as never, registers: [registry] }),
    ).toThrow(`Histogram "bad_seconds": ${message}`);
    expect(registry.getSingleMetric('bad_seconds')).toBeUndefined();
  });
});
