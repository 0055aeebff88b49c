import { Counter, Gauge, MetricValueError, Registry } from 'promkit';

/**
 * A metric keeps the label values and counts of its series side by side
 * rather than in each series, and hands a series' place to the next one once
 * it is removed. These tests hold a series' labels and value to it through
 * removal, reset, expiry and reuse of its place, against a plain model of
 * what was recorded.
 */
function sampleLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

function requests(registry: Registry) {
  return new Counter({
    name: 'requests_total',
    help: 'Requests.',
    labelNames: ['tenant', 'route', 'code'] as const,
    registers: [registry],
  });
}

/** The error a child's rejected increment gives: it names the child's labels. */
function rejection(call: () => void): string {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(MetricValueError);
    return (error as Error).message;
  }
  throw new Error('the call was not rejected');
}

describe('label values of series kept side by side', () => {
  it('a removed child keeps its labels after another series takes its place', async () => {
    const registry = new Registry();
    const c = requests(registry);
    const kept = c.labels('t1', '/a', '200');
    const removed = c.labels('t1', '/b', '200');
    kept.inc();
    removed.inc(2);
    c.remove('t1', '/b', '200');
    const taker = c.labels('t2', '/z', '500');
    expect(taker.get()).toBe(0);
    taker.inc(5);
    expect(rejection(() => removed.inc(-1))).toContain('{tenant="t1", route="/b", code="200"}');
    // The removed child counts on by itself, and the series in its place is not touched.
    expect(removed.get()).toBe(2);
    removed.inc(0.5);
    expect(removed.get()).toBe(2.5);
    expect(sampleLines(await registry.metrics())).toEqual([
      'requests_total{tenant="t1",route="/a",code="200"} 1',
      'requests_total{tenant="t2",route="/z",code="500"} 5',
    ]);
  });

  it('a removed gauge child keeps its value, and a new series of the same labels starts at 0', async () => {
    const registry = new Registry();
    const g = new Gauge({ name: 'queue_depth', help: 'D', labelNames: ['queue'], registers: [registry] });
    const held = g.labels('a');
    held.set(-1.25);
    g.remove('a');
    g.set({ queue: 'b' }, 7);
    held.dec(0.75);
    expect(held.get()).toBe(-2);
    expect(g.labels('a').get()).toBe(0);
    expect(sampleLines(await registry.metrics())).toEqual([
      'queue_depth{queue="b"} 7',
      'queue_depth{queue="a"} 0',
    ]);
  });

  it('children held across a reset keep their labels, and new series show their own', async () => {
    const registry = new Registry();
    const c = requests(registry);
    const before = c.labels({ tenant: 't1', route: '/a', code: '200' });
    before.inc(3);
    c.reset();
    c.inc({ tenant: 't9', route: '/q', code: '404' });
    expect(rejection(() => before.inc(-1))).toContain('{tenant="t1", route="/a", code="200"}');
    expect(before.get()).toBe(3);
    expect(sampleLines(await registry.metrics())).toEqual([
      'requests_total{tenant="t9",route="/q",code="404"} 1',
    ]);
  });

  it('an expired series comes back with its labels when a held child is updated', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const registry = new Registry();
      const g = new Gauge({
        name: 'temperature',
        help: 'T',
        labelNames: ['site', 'device'],
        registers: [registry],
        seriesTtlSeconds: 10,
      });
      const idle = g.labels('s1', 'd1');
      idle.set(1);
      await registry.metrics();
      jest.advanceTimersByTime(5_000);
      g.set({ site: 's2', device: 'd2' }, 2);
      await registry.metrics();
      jest.advanceTimersByTime(6_000);
      expect(sampleLines(await registry.metrics())).toEqual(['temperature{site="s2",device="d2"} 2']);
      // Its place is taken by a new series before it comes back.
      g.set({ site: 's3', device: 'd3' }, 3);
      expect(idle.get()).toBe(1);
      idle.inc(3);
      expect(sampleLines(await registry.metrics())).toEqual([
        'temperature{site="s2",device="d2"} 2',
        'temperature{site="s3",device="d3"} 3',
        'temperature{site="s1",device="d1"} 4',
      ]);
      expect(g.labels('s1', 'd1')).toBe(idle);
    } finally {
      jest.useRealTimers();
    }
  });

  it('matches a plain model through many additions, removals and resets', async () => {
    const registry = new Registry();
    const c = requests(registry);
    const model = new Map<string, { labels: [string, string, string]; value: number }>();
    // A fixed sequence (a linear congruential generator), so a failure repeats.
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let step = 0; step < 4000; step++) {
      const labels: [string, string, string] = [`t${next(5)}`, `/r/${next(40)}`, String(200 + next(3))];
      const key = labels.join(' ');
      const roll = next(100);
      if (roll < 70) {
        c.labels(...labels).inc(step);
        const entry = model.get(key) ?? { labels, value: 0 };
        entry.value += step;
        model.set(key, entry);
      } else if (roll < 99) {
        c.remove(...labels);
        model.delete(key);
      } else {
        c.reset();
        model.clear();
      }
    }
    const expected = [...model.values()]
      .map(
        ({ labels: [t, r, code], value }) =>
          `requests_total{tenant="${t}",route="${r}",code="${code}"} ${value}`,
      )
      .sort();
    expect(sampleLines(await registry.metrics()).sort()).toEqual(expected);
    for (const { labels, value } of model.values()) {
      const [tenant, route, code] = labels;
      expect(await registry.getSampleValue('requests_total', { tenant, route, code })).toBe(value);
    }
  });
});
