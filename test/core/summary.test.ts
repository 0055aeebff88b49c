import { Registry, Summary } from 'promkit';
import { DDSketch } from '../../lib/core';

/** A deterministic pseudo-random source so failures reproduce. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

describe('Summary', () => {
  let registry: Registry;
  beforeEach(() => {
    registry = new Registry();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it.each([
    [
      'log-normal latencies',
      (r: () => number) => Math.exp(Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r()) - 3),
    ],
    ['uniform sizes', (r: () => number) => 1 + r() * 10_000],
    ['values around zero', (r: () => number) => (r() - 0.5) * 100],
  ])('reports every quantile within 1%% of a true sample (%s)', async (_name, draw) => {
    const s = new Summary({
      name: 's',
      help: 'S',
      percentiles: [0.01, 0.5, 0.9, 0.99, 0.999],
      registers: [registry],
    });
    const r = random(42);
    const values: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      const v = draw(r);
      values.push(v);
      s.observe(v);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.01, 0.5, 0.9, 0.99, 0.999]) {
      const reported = (await registry.getSampleValue('s', { quantile: String(q) })) as number;
      const truth = exactQuantile(values, q);
      expect(Math.abs(reported - truth)).toBeLessThanOrEqual(Math.abs(truth) * 0.01 + 1e-9);
    }
    expect(await registry.getSampleValue('s_count')).toBe(50_000);
  });

  it('reports NaN quantiles for an empty window and keeps count and sum', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const s = new Summary({
      name: 's',
      help: 'S',
      percentiles: [0.5],
      maxAgeSeconds: 10,
      ageBuckets: 2,
      registers: [registry],
    });
    expect(await registry.getSampleValue('s', { quantile: '0.5' })).toBeNaN();
    s.observe(5);
    expect(await registry.getSampleValue('s', { quantile: '0.5' })).toBeCloseTo(5, 1);
    jest.setSystemTime(1_000_000 + 11_000);
    expect(await registry.getSampleValue('s', { quantile: '0.5' })).toBeNaN();
    expect(await registry.getSampleValue('s_count')).toBe(1);
    expect(await registry.getSampleValue('s_sum')).toBe(5);
  });

  it('pruneAgedBuckets: a series whose window is empty leaves the output and starts again from zero', async () => {
    jest.useFakeTimers({ now: 0 });
    const s = new Summary({
      name: 'job_seconds',
      help: 'S',
      labelNames: ['queue'],
      percentiles: [0.5],
      maxAgeSeconds: 10,
      ageBuckets: 5,
      pruneAgedBuckets: true,
      registers: [registry],
    });
    const plain = new Summary({ name: 'plain_seconds', help: 'S', registers: [registry] });
    s.observe({ queue: 'old' }, 3);
    jest.setSystemTime(6_000);
    s.observe({ queue: 'new' }, 4);
    expect(await registry.getSampleValue('job_seconds_count', { queue: 'old' })).toBe(1);
    jest.setSystemTime(11_000);
    const text = await registry.metrics();
    expect(text).not.toContain('queue="old"');
    expect(text).toContain('job_seconds_count{queue="new"} 1');
    // A summary without the option keeps its series, observed or not.
    expect(text).toContain('plain_seconds_count 0');
    const { values } = await s.get();
    expect(values.every((v) => v.labels.queue === 'new')).toBe(true);
    s.observe({ queue: 'old' }, 7);
    expect(await registry.getSampleValue('job_seconds_count', { queue: 'old' })).toBe(1);
    expect(await registry.getSampleValue('job_seconds_sum', { queue: 'old' })).toBe(7);
    jest.setSystemTime(40_000);
    expect((await s.get()).values).toEqual([]);
    expect(await registry.metrics()).not.toContain('job_seconds_count');
  });

  it('slides: old observations leave the window slice by slice', async () => {
    jest.useFakeTimers({ now: 0 });
    const s = new Summary({
      name: 's',
      help: 'S',
      percentiles: [1],
      maxAgeSeconds: 60,
      ageBuckets: 3,
      registers: [registry],
    });
    s.observe(100);
    jest.setSystemTime(25_000);
    s.observe(10);
    expect(await registry.getSampleValue('s', { quantile: '1' })).toBeCloseTo(100, -1);
    jest.setSystemTime(61_000);
    expect(await registry.getSampleValue('s', { quantile: '1' })).toBeCloseTo(10, 0);
  });

  it('bounds memory: a million distinct magnitudes fit in the bin limit and the top stays accurate', async () => {
    const sketch = new DDSketch({ relativeAccuracy: 0.01, maxBins: 256 });
    for (let i = 0; i < 1_000_000; i++) sketch.add(10 ** ((i % 600) / 20 - 15));
    expect(sketch.count).toBe(1_000_000);
    const top = sketch.quantile(1);
    expect(Math.abs(top - 10 ** (599 / 20 - 15)) / 10 ** (599 / 20 - 15)).toBeLessThanOrEqual(0.01);
  });

  it('merges sketches exactly: merged quantiles equal those of one sketch fed everything', () => {
    const all = new DDSketch();
    const parts = [new DDSketch(), new DDSketch(), new DDSketch()];
    const r = random(7);
    for (let i = 0; i < 30_000; i++) {
      const v = r() * 1000;
      all.add(v);
      parts[i % 3].add(v);
    }
    const merged = new DDSketch();
    for (const p of parts) merged.merge(p);
    for (const q of [0, 0.25, 0.5, 0.75, 0.99, 1]) expect(merged.quantile(q)).toBe(all.quantile(q));
  });

  it('reports exact values when every observation is the same, and exact extremes', async () => {
    const s = new Summary({ name: 's', help: 'S', percentiles: [0, 0.5, 0.99, 1], registers: [registry] });
    s.observe(1024);
    expect(await registry.getSampleValue('s', { quantile: '0.5' })).toBe(1024);
    s.observe(3);
    s.observe(7.25);
    expect(await registry.getSampleValue('s', { quantile: '0' })).toBe(3);
    expect(await registry.getSampleValue('s', { quantile: '1' })).toBe(1024);
  });

  it('validates configuration and observations', async () => {
    expect(() => new Summary({ name: 's', help: 'S', percentiles: [1.5], registers: [registry] })).toThrow(
      'Summary "s": percentile 1.5 is not between 0 and 1',
    );
    expect(
      () => new Summary({ name: 's', help: 'S', labelNames: ['quantile'], registers: [registry] }),
    ).toThrow(/reserved/);
    expect(() => new Summary({ name: 's', help: 'S', maxAgeSeconds: -1, registers: [registry] })).toThrow(
      /maxAgeSeconds/,
    );
    const s = new Summary({ name: 's', help: 'S', registers: [registry] });
    s.observe(1);
    expect(() => s.observe(Number.POSITIVE_INFINITY)).toThrow(/must be a finite number, got Infinity/);
    expect(await registry.getSampleValue('s_count')).toBe(1);
  });

  it('exposes prom-client’s default percentiles in order', async () => {
    const s = new Summary({ name: 's', help: 'S', labelNames: ['m'], registers: [registry] });
    s.observe({ m: 'a' }, 1);
    const quantiles = (await registry.getSamples())
      .filter((x) => x.name === 's')
      .map((x) => x.labels.quantile);
    expect(quantiles).toEqual(['0.01', '0.05', '0.5', '0.9', '0.95', '0.99', '0.999']);
  });

  it('takes no compressCount: DDSketch needs no compressing, and maxBins bounds its memory', () => {
    // prom-client compresses its t-digest every compressCount observations; the option would change nothing here.
    // @ts-expect-error compressCount is no option of a promkit Summary
    const summary = new Summary({ name: 's', help: 'S', compressCount: 100, registers: [registry] });
    expect(summary.name).toBe('s');
  });
});
