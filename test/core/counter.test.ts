import { Counter, LabelError, MetricValueError, Registry } from 'promkit';

describe('Counter', () => {
  let registry: Registry;
  beforeEach(() => {
    registry = new Registry();
  });

  it('exposes an unlabelled counter at zero before the first increment', async () => {
    new Counter({ name: 'jobs_total', help: 'Jobs', registers: [registry] });
    expect(await registry.metrics()).toBe(
      '# HELP jobs_total Jobs\n# TYPE jobs_total counter\njobs_total 0\n',
    );
  });

  it('increments by one or by the given amount', async () => {
    const c = new Counter({ name: 'jobs_total', help: 'Jobs', registers: [registry] });
    c.inc();
    c.inc(2.5);
    expect(await registry.getSampleValue('jobs_total')).toBe(3.5);
  });

  it('keeps separate series for label values that would collide if joined', async () => {
    const c = new Counter({ name: 'x_total', help: 'X', labelNames: ['a', 'b'], registers: [registry] });
    c.inc({ a: 'p,b:q', b: '' });
    c.inc({ a: 'p', b: 'b:q' }, 2);
    c.inc({ a: 'p|b', b: 'q' }, 3);
    c.inc({ a: 'p', b: '|b|q' }, 4);
    expect(await registry.getSampleValue('x_total', { a: 'p,b:q', b: '' })).toBe(1);
    expect(await registry.getSampleValue('x_total', { a: 'p', b: 'b:q' })).toBe(2);
    expect(await registry.getSampleValue('x_total', { a: 'p|b', b: 'q' })).toBe(3);
    expect(await registry.getSampleValue('x_total', { a: 'p', b: '|b|q' })).toBe(4);
  });

  it('accepts any character in label values, including newlines, quotes and unicode', async () => {
    const c = new Counter({ name: 'x_total', help: 'X', labelNames: ['v'], registers: [registry] });
    const values = ['', 'a"b', 'back\\slash', 'line\nbreak', 'ünïcødé ✓', '😀', ' '];
    for (const [i, v] of values.entries()) c.inc({ v }, i + 1);
    for (const [i, v] of values.entries()) {
      expect(await registry.getSampleValue('x_total', { v })).toBe(i + 1);
    }
    expect(await registry.metrics()).toContain('x_total{v="line\\nbreak"} 4');
  });

  it('never keeps the caller’s labels object', async () => {
    const c = new Counter({ name: 'x_total', help: 'X', labelNames: ['route'], registers: [registry] });
    const labels = { route: '/a' };
    c.inc(labels);
    labels.route = '/b';
    expect(await registry.getSampleValue('x_total', { route: '/a' })).toBe(1);
    expect(await registry.getSampleValue('x_total', { route: '/b' })).toBeUndefined();
  });

  it('returns the same cached child for the same values, positional or by name', () => {
    const c = new Counter({
      name: 'x_total',
      help: 'X',
      labelNames: ['method', 'route'],
      registers: [registry],
    });
    const child = c.labels('GET', '/a');
    expect(c.labels('GET', '/a')).toBe(child);
    expect(c.labels({ method: 'GET', route: '/a' })).toBe(child);
    child.inc();
    c.inc({ route: '/a', method: 'GET' });
    expect(child.get()).toBe(2);
  });

  it('treats numbers and their string form as the same label value', async () => {
    const c = new Counter({ name: 'x_total', help: 'X', labelNames: ['code'], registers: [registry] });
    c.inc({ code: 200 });
    c.labels('200').inc();
    expect(await registry.getSampleValue('x_total', { code: '200' })).toBe(2);
  });

  it('rejects missing (when strict), unknown and extra labels with errors naming metric and label', () => {
    const c = new Counter({
      name: 'x_total',
      help: 'X',
      labelNames: ['method', 'route'],
      registers: [registry],
      strictLabels: true,
    });
    expect(() => c.inc({ method: 'GET' } as never)).toThrow(
      new LabelError('Metric "x_total": missing label "route" (declared labels: method, route)'),
    );
    expect(() => c.inc({ method: 'GET', route: '/', code: '1' } as never)).toThrow(/unknown label "code"/);
    expect(() => c.inc({ method: 'GET', rout: '/' } as never)).toThrow(/unknown label "rout"/);
    expect(() => c.labels('GET')).toThrow(/expected 2 label value\(s\) \(method, route\), got 1/);
    expect(() => c.inc({ method: 'GET', route: null } as never)).toThrow(
      /label "route" must be a string or number, got null/,
    );
    expect(() => c.inc()).toThrow(/missing label "method"/);
  });

  it('when strict, rejects a missing label even when a series with fewer labels could match', async () => {
    const c = new Counter({
      name: 'x_total',
      help: 'X',
      labelNames: ['a', 'b'],
      registers: [registry],
      strictLabels: true,
    });
    c.inc({ a: '1', b: '2' });
    expect(() => c.inc({ a: '1', c: '2' } as never)).toThrow(/unknown label "c"/);
    expect(() => c.inc({ a: '1' } as never)).toThrow(/missing label "b"/);
    expect(() => c.inc({ a: '1', b: '2', c: '3' } as never)).toThrow(/unknown label "c"/);
    expect(await registry.getSampleValue('x_total', { a: '1', b: '2' })).toBe(1);
  });

  it.each([
    [-1, 'got -1'],
    [Number.NaN, 'got NaN'],
    [Number.POSITIVE_INFINITY, 'got Infinity'],
    ['1', 'got "1"'],
  ])('rejects the increment %p and leaves the series intact', async (bad, message) => {
    const c = new Counter({ name: 'x_total', help: 'X', labelNames: ['m'], registers: [registry] });
    c.inc({ m: 'a' }, 5);
    expect(() => c.inc({ m: 'a' }, bad as number)).toThrow(MetricValueError);
    expect(() => c.labels('a').inc(bad as number)).toThrow(
      `Counter "x_total" {m="a"}: increment must be a finite number >= 0, ${message}`,
    );
    expect(await registry.getSampleValue('x_total', { m: 'a' })).toBe(5);
  });

  it('removes series, resets and zeroes', async () => {
    const c = new Counter({ name: 'x_total', help: 'X', labelNames: ['m'], registers: [registry] });
    c.inc({ m: 'a' });
    c.inc({ m: 'b' });
    c.remove('a');
    expect(await registry.getSampleValue('x_total', { m: 'a' })).toBeUndefined();
    expect(await registry.getSampleValue('x_total', { m: 'b' })).toBe(1);
    c.remove({ m: 'b' });
    expect(await registry.metrics()).toBe('# HELP x_total X\n# TYPE x_total counter\n');
    c.zero({ m: 'c' });
    expect(await registry.getSampleValue('x_total', { m: 'c' })).toBe(0);
    c.inc({ m: 'c' });
    c.reset();
    expect(await registry.getSampleValue('x_total', { m: 'c' })).toBeUndefined();
  });

  it('finds, adds and removes series that share label prefixes', async () => {
    const c = new Counter({ name: 'x_total', help: 'X', labelNames: ['a', 'b', 'c'], registers: [registry] });
    const combos = [
      ['1', '1', '1'],
      ['1', '1', '2'],
      ['1', '2', '1'],
      ['2', '1', '1'],
    ];
    for (const [i, [a, b, cc]] of combos.entries()) c.inc({ a, b, c: cc }, i + 1);
    for (const [i, [a, b, cc]] of combos.entries()) {
      expect(c.labels(a, b, cc).get()).toBe(i + 1);
      expect(await registry.getSampleValue('x_total', { a, b, c: cc })).toBe(i + 1);
    }
    c.remove('1', '1', '1');
    c.remove({ a: '2', b: '1', c: '1' });
    expect(await registry.getSampleValue('x_total', { a: '1', b: '1', c: '1' })).toBeUndefined();
    expect(await registry.getSampleValue('x_total', { a: '1', b: '1', c: '2' })).toBe(2);
    expect(c.labels('2', '1', '1').get()).toBe(0);
    expect((await registry.getSamples()).length).toBe(3);
  });

  it('returns prom-client shaped data from get()', async () => {
    const c = new Counter({ name: 'x_total', help: 'X', labelNames: ['m'], registers: [registry] });
    c.inc({ m: 'a' }, 3);
    expect(await c.get()).toEqual({
      name: 'x_total',
      help: 'X',
      type: 'counter',
      aggregator: 'sum',
      values: [{ value: 3, labels: { m: 'a' } }],
    });
  });

  it('runs the collect hook (sync or async) at scrape time', async () => {
    let calls = 0;
    new Counter({
      name: 'polled_total',
      help: 'P',
      registers: [registry],
      async collect() {
        calls++;
        await new Promise((r) => setTimeout(r, 1));
        this.inc(10);
      },
    });
    expect(await registry.getSampleValue('polled_total')).toBe(10);
    expect(calls).toBe(1);
  });

  describe('exemplars', () => {
    it('records an exemplar with prom-client’s object form and exposes it in OpenMetrics', async () => {
      const c = new Counter({
        name: 'req_total',
        help: 'R',
        labelNames: ['m'],
        registers: [registry],
        enableExemplars: true,
      });
      c.inc({ labels: { m: 'GET' }, value: 2, exemplarLabels: { trace_id: 'abc' } });
      const out = await registry.metrics({ format: 'openmetrics' });
      expect(out).toMatch(/^req_total\{m="GET"\} 2 # \{trace_id="abc"\} 2 \d+(\.\d+)?$/m);
    });

    it('rejects exemplar labels longer than 128 code points without touching the value', async () => {
      const c = new Counter({ name: 'req_total', help: 'R', registers: [registry], enableExemplars: true });
      // 64 astral characters are 128 UTF-16 units but only 64 code points: allowed.
      c.inc({ value: 1, exemplarLabels: { t: '😀'.repeat(64) } });
      expect(() => c.inc({ value: 1, exemplarLabels: { trace_id: 'x'.repeat(121) } })).toThrow(
        /129 code points/,
      );
      expect(await registry.getSampleValue('req_total')).toBe(1);
    });
  });

  describe('countExceptions', () => {
    class NotFound extends Error {}

    it('counts sync throws and rethrows the same error', async () => {
      const c = new Counter({ name: 'failures_total', help: 'F', registers: [registry] });
      const error = new Error('boom');
      expect(() =>
        c.countExceptions(() => {
          throw error;
        }),
      ).toThrow(error);
      expect(c.countExceptions(() => 42)).toBe(42);
      expect(await registry.getSampleValue('failures_total')).toBe(1);
    });

    it('counts rejections once the promise settles, and only the listed error classes', async () => {
      const c = new Counter({ name: 'failures_total', help: 'F', registers: [registry] });
      await expect(
        c.countExceptions(async () => Promise.reject(new NotFound('x')), NotFound),
      ).rejects.toBeInstanceOf(NotFound);
      await expect(
        c.countExceptions(async () => Promise.reject(new TypeError('y')), NotFound),
      ).rejects.toBeInstanceOf(TypeError);
      expect(await registry.getSampleValue('failures_total')).toBe(1);
    });

    it('has a wrapper form that keeps this and arguments', async () => {
      const c = new Counter({ name: 'failures_total', help: 'F', labelNames: ['op'], registers: [registry] });
      const plain = new Counter({ name: 'plain_failures_total', help: 'F', registers: [registry] });
      const service = {
        factor: 2,
        work(n: number) {
          if (n < 0) throw new RangeError('negative');
          return n * this.factor;
        },
      };
      const wrapped = plain.wrapCountExceptions(service.work);
      expect(() => c.countExceptions({ op: 'x' }, () => service.work(-1))).toThrow(RangeError);
      expect(wrapped.call(service, 3)).toBe(6);
      expect(() => wrapped.call(service, -3)).toThrow('negative');
      expect(await registry.getSampleValue('failures_total', { op: 'x' })).toBe(1);
      expect(await registry.getSampleValue('plain_failures_total')).toBe(1);
    });
  });
});
