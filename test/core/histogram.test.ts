import { exponentialBuckets, Histogram, linearBuckets, MetricConfigError, Registry } from 'promkit';

describe('Histogram', () => {
  let registry: Registry;
  beforeEach(() => {
    registry = new Registry();
  });

  it('counts a value equal to a bound into that bound’s bucket, cumulatively', async () => {
    const h = new Histogram({ name: 'size_bytes', help: 'S', buckets: [1, 2, 5], registers: [registry] });
    for (const v of [0.5, 1, 1.5, 2, 7, Number.POSITIVE_INFINITY]) h.observe(v);
    expect(await registry.metrics()).toBe(
      [
        '# HELP size_bytes S',
        '# TYPE size_bytes histogram',
        'size_bytes_bucket{le="1"} 2',
        'size_bytes_bucket{le="2"} 4',
        'size_bytes_bucket{le="5"} 4',
        'size_bytes_bucket{le="+Inf"} 6',
        'size_bytes_sum +Inf',
        'size_bytes_count 6',
        '',
      ].join('\n'),
    );
  });

  it('finds the same bucket with many buckets (binary search) as with few (linear scan)', async () => {
    const many = exponentialBuckets(0.001, 1.5, 40);
    const h = new Histogram({ name: 'many', help: 'M', buckets: many, registers: [registry] });
    const values = [0, 0.001, 0.0015, 0.00225, 0.5, many[20], many[20] * 1.0001, 1e9, -3];
    for (const v of values) h.observe(v);
    const samples = await registry.getSamples({ names: ['many'] });
    for (const s of samples.filter((x) => x.name === 'many_bucket')) {
      const le = s.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.labels.le);
      expect(s.value).toBe(values.filter((v) => v <= le).length);
    }
  });

  it('uses prom-client’s default buckets', () => {
    const h = new Histogram({ name: 'h', help: 'H', registers: [registry] });
    expect(h.upperBounds).toEqual([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
  });

  it.each([
    [[1, 1], /buckets must be sorted and distinct, but 1 is followed by 1/],
    [[2, 1], /but 2 is followed by 1/],
    [[1, Number.NaN], /bucket 1 is NaN/],
    ['1,2', /buckets must be an array/],
  ])('rejects bad buckets %p and registers nothing', (buckets, message) => {
    expect(
      () => new Histogram({ name: 'bad', help: 'B', buckets: buckets as never, registers: [registry] }),
    ).toThrow(message);
    expect(registry.getSingleMetric('bad')).toBeUndefined();
    expect(() => new Histogram({ name: 'bad', help: 'B', registers: [registry] })).not.toThrow();
  });

  it('reserves the le label', () => {
    expect(() => new Histogram({ name: 'h', help: 'H', labelNames: ['le'], registers: [registry] })).toThrow(
      new MetricConfigError('Metric "h": label name "le" is reserved for this metric type'),
    );
  });

  it('rejects NaN observations and leaves the series intact', async () => {
    const h = new Histogram({ name: 'h', help: 'H', labelNames: ['m'], buckets: [1], registers: [registry] });
    h.observe({ m: 'a' }, 0.5);
    expect(() => h.observe({ m: 'a' }, Number.NaN)).toThrow(
      'Histogram "h" {m="a"}: observed value must be a number other than NaN, got NaN',
    );
    expect(await registry.getSampleValue('h_count', { m: 'a' })).toBe(1);
    expect(await registry.getSampleValue('h_sum', { m: 'a' })).toBe(0.5);
  });

  it('times calls with startTimer and time()', async () => {
    const h = new Histogram({ name: 'op_seconds', help: 'O', labelNames: ['op'], registers: [registry] });
    const end = h.startTimer({ op: 'a' });
    await new Promise((r) => setTimeout(r, 5));
    const seconds = end();
    expect(await registry.getSampleValue('op_seconds_sum', { op: 'a' })).toBe(seconds);
    await expect(h.time(() => Promise.reject(new Error('nope')), { op: 'b' })).rejects.toThrow('nope');
    expect(await registry.getSampleValue('op_seconds_count', { op: 'b' })).toBe(1);
  });

  it('zero() exposes every bucket of a labelled series before the first observation', async () => {
    const h = new Histogram({
      name: 'h',
      help: 'H',
      labelNames: ['m'],
      buckets: [1, 2],
      registers: [registry],
    });
    h.zero({ m: 'GET' });
    expect(await registry.getSampleValue('h_bucket', { m: 'GET', le: '2' })).toBe(0);
    expect(await registry.getSampleValue('h_count', { m: 'GET' })).toBe(0);
  });

  it('keeps the latest exemplar per bucket and exposes it in OpenMetrics only', async () => {
    const h = new Histogram({
      name: 'lat_seconds',
      help: 'L',
      buckets: [0.1, 1],
      enableExemplars: true,
      registers: [registry],
    });
    h.observe({ value: 0.05, exemplarLabels: { trace_id: 'a' } });
    h.observe({ value: 0.07, exemplarLabels: { trace_id: 'b' } });
    h.observe({ value: 0.5 });
    const om = await registry.metrics({ format: 'openmetrics' });
    expect(om).toMatch(/^lat_seconds_bucket\{le="0\.1"\} 2 # \{trace_id="b"\} 0\.07 \d+\.?\d*$/m);
    expect(om).toMatch(/^lat_seconds_bucket\{le="1\.0"\} 3$/m);
    expect(await registry.metrics()).not.toContain('trace_id');
  });

  it('builds linear and exponential buckets like prom-client', () => {
    expect(linearBuckets(0, 10, 3)).toEqual([0, 10, 20]);
    expect(exponentialBuckets(1, 2, 4)).toEqual([1, 2, 4, 8]);
    expect(() => exponentialBuckets(0, 2, 3)).toThrow(RangeError);
  });
});
