import { Counter, Enum, Gauge, Histogram, Info, MetricConfigError, Registry, Summary } from 'promkit';

function sampleLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

describe('stale series (seriesTtlSeconds)', () => {
  let registry: Registry;

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    registry = new Registry();
  });

  afterEach(() => jest.useRealTimers());

  const seconds = (s: number) => jest.advanceTimersByTime(s * 1000);
  const lines = async () => sampleLines(await registry.metrics());

  function device(ttl = 60) {
    return new Gauge({
      name: 'temperature',
      help: 'T',
      labelNames: ['device'],
      registers: [registry],
      seriesTtlSeconds: ttl,
    });
  }

  it('drops a series not updated for the TTL at a scrape, keeping the others', async () => {
    const g = device();
    g.set({ device: 'a' }, 20);
    g.set({ device: 'b' }, 21);
    expect(await lines()).toEqual(['temperature{device="a"} 20', 'temperature{device="b"} 21']);
    seconds(30);
    g.set({ device: 'b' }, 22);
    expect(await lines()).toHaveLength(2);
    seconds(31);
    // a: idle since the scrape at 0, 61 s ago; b: updated before the scrape at 30 s, 31 s ago.
    expect(await lines()).toEqual(['temperature{device="b"} 22']);
    seconds(60);
    expect(await lines()).toEqual([]);
  });

  it('counts idle time from the first scrape after the last update', async () => {
    const g = device();
    g.set({ device: 'a' }, 1);
    seconds(50);
    // The first scrape since the update: idle from now on.
    expect(await lines()).toHaveLength(1);
    seconds(59);
    expect(await lines()).toHaveLength(1);
    seconds(1);
    expect(await lines()).toEqual([]);
  });

  it('starts a label set used again after it was dropped from zero', async () => {
    const c = new Counter({
      name: 'jobs_total',
      help: 'J',
      labelNames: ['tenant'],
      registers: [registry],
      seriesTtlSeconds: 10,
    });
    c.inc({ tenant: 'a' }, 5);
    await lines();
    seconds(10);
    expect(await lines()).toEqual([]);
    c.inc({ tenant: 'a' });
    expect(await lines()).toEqual(['jobs_total{tenant="a"} 1']);
  });

  describe('a dropped series the app still holds', () => {
    it('comes back, values intact, on its next update', async () => {
      const c = new Counter({
        name: 'jobs_total',
        help: 'J',
        labelNames: ['tenant'],
        registers: [registry],
        seriesTtlSeconds: 10,
      });
      const held = c.labels('a');
      held.inc(5);
      await lines();
      seconds(10);
      expect(await lines()).toEqual([]);
      held.inc();
      expect(await lines()).toEqual(['jobs_total{tenant="a"} 6']);
      // Stored again, so labelled calls find it too.
      c.inc({ tenant: 'a' });
      expect(await lines()).toEqual(['jobs_total{tenant="a"} 7']);
    });

    it('updates the series stored since for its label set', async () => {
      const h = new Histogram({
        name: 'latency_seconds',
        help: 'L',
        labelNames: ['route'],
        buckets: [1],
        registers: [registry],
        seriesTtlSeconds: 10,
      });
      const held = h.labels('/a');
      held.observe(0.5);
      await lines();
      seconds(10);
      await lines();
      h.observe({ route: '/a' }, 2);
      held.observe(0.5);
      held.startTimer()();
      expect((await lines()).filter((l) => l.startsWith('latency_seconds_count'))).toEqual([
        'latency_seconds_count{route="/a"} 3',
      ]);
    });

    it('stays while the app updates it', async () => {
      const g = device(10);
      const held = g.labels('a');
      for (let i = 0; i < 5; i++) {
        held.set(7);
        seconds(8);
        expect(await lines()).toEqual(['temperature{device="a"} 7']);
      }
      held.setToCurrentTime();
      seconds(8);
      expect(await lines()).toHaveLength(1);
    });
  });

  it.each<[string, (r: Registry) => (step: number) => void]>([
    [
      'Counter inc',
      (r) => {
        const m = new Counter({
          name: 'm_total',
          help: 'm',
          labelNames: ['k'],
          registers: [r],
          seriesTtlSeconds: 10,
        });
        return () => m.inc({ k: 'x' });
      },
    ],
    [
      'Gauge inc/dec',
      (r) => {
        const m = new Gauge({
          name: 'm',
          help: 'm',
          labelNames: ['k'],
          registers: [r],
          seriesTtlSeconds: 10,
        });
        return (step) => (step % 2 ? m.inc({ k: 'x' }) : m.dec({ k: 'x' }));
      },
    ],
    [
      'Gauge timer',
      (r) => {
        const m = new Gauge({
          name: 'm',
          help: 'm',
          labelNames: ['k'],
          registers: [r],
          seriesTtlSeconds: 10,
        });
        return () => m.startTimer({ k: 'x' })();
      },
    ],
    [
      'Summary observe',
      (r) => {
        const m = new Summary({
          name: 'm',
          help: 'm',
          labelNames: ['k'],
          registers: [r],
          seriesTtlSeconds: 10,
        });
        return () => m.labels('x').observe(1);
      },
    ],
    [
      'Enum state',
      (r) => {
        const m = new Enum({
          name: 'm',
          help: 'm',
          labelNames: ['k'],
          states: ['a', 'b'],
          registers: [r],
          seriesTtlSeconds: 10,
        });
        return () => m.state({ k: 'x' }, 'b');
      },
    ],
    [
      'Info info',
      (r) => {
        const m = new Info({ name: 'm', help: 'm', labelNames: ['k'], registers: [r], seriesTtlSeconds: 10 });
        return () => m.info({ k: 'x' }, { version: '1' });
      },
    ],
  ])('%s counts as an update', async (_, make) => {
    const update = make(registry);
    for (let step = 0; step < 4; step++) {
      update(step);
      seconds(8);
      expect((await lines()).some((l) => l.includes('k="x"'))).toBe(true);
    }
    seconds(20);
    expect((await lines()).some((l) => l.includes('k="x"'))).toBe(false);
  });

  it('frees room under the series limit', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const g = new Gauge({
        name: 'g',
        help: 'g',
        labelNames: ['k'],
        registers: [registry],
        maxSeries: 2,
        seriesTtlSeconds: 10,
      });
      g.set({ k: 'a' }, 1);
      g.set({ k: 'b' }, 2);
      await lines();
      seconds(5);
      g.set({ k: 'b' }, 3);
      await lines();
      seconds(6);
      // a has been idle 11 s: it makes way without waiting for a scrape.
      g.set({ k: 'c' }, 4);
      expect(await lines()).toEqual(['g{k="b"} 3', 'g{k="c"} 4']);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('applies to partial label sets, and getMetricsAsJSON sweeps too', async () => {
    const c = new Counter({
      name: 'c_total',
      help: 'c',
      labelNames: ['a', 'b'],
      registers: [registry],
      seriesTtlSeconds: 10,
    });
    const held = c.labels({ b: '1' });
    held.inc();
    c.inc();
    await registry.getMetricsAsJSON();
    seconds(10);
    expect((await registry.getMetricsAsJSON())[0].values).toEqual([]);
    held.inc();
    expect(await lines()).toEqual(['c_total{b="1"} 2']);
  });

  it('leaves metrics without labels alone', async () => {
    const g = new Gauge({ name: 'up', help: 'u', registers: [registry], seriesTtlSeconds: 1 });
    g.set(1);
    await lines();
    seconds(100);
    expect(await lines()).toEqual(['up 1']);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY, '60'])('rejects seriesTtlSeconds %p', (ttl) => {
    expect(
      () =>
        new Gauge({
          name: 'g',
          help: 'g',
          labelNames: ['k'],
          registers: [],
          seriesTtlSeconds: ttl as number,
        }),
    ).toThrow(
      new MetricConfigError(
        `Metric "g": seriesTtlSeconds must be a number of seconds > 0, got ${String(ttl)}`,
      ),
    );
  });
});
