import { type Collector, Gauge, Registry, Summary, startHttpServer } from 'promkit';
import { GaugeMetricFamily } from 'promkit/exposition';
import { request } from '../export/http-fetch';

function countingRegistry(delayMs = 20): { registry: Registry; calls: () => number } {
  const registry = new Registry();
  let calls = 0;
  const collector: Collector = {
    collect: async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return [new GaugeMetricFamily('backlog', 'Backlog.', { value: calls })];
    },
  };
  registry.registerCollector(collector);
  return { registry, calls: () => calls };
}

describe('concurrent scrapes', () => {
  it('of one registry in one format share one collection and one rendering', async () => {
    const { registry, calls } = countingRegistry();
    const results = await Promise.all(Array.from({ length: 20 }, () => registry.metrics()));
    expect(calls()).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toContain('backlog 1\n');
  });

  it('in different formats or of different names are separate', async () => {
    const { registry } = countingRegistry();
    const [text, om, named] = await Promise.all([
      registry.metrics(),
      registry.metrics({ format: 'openmetrics' }),
      registry.metrics({ names: ['backlog'] }),
    ]);
    expect(text).not.toContain('# EOF');
    expect(om).toContain('# EOF');
    expect(named).toContain('backlog');
    // Collections overlapped, so the collector's running call was shared, not repeated.
    expect(new Set([text, om, named].map((t) => /backlog (\d+)/.exec(t)?.[1])).size).toBe(1);
  });

  it('share names given in any order', async () => {
    const { registry, calls } = countingRegistry();
    await Promise.all([
      registry.metrics({ names: ['a', 'backlog'] }),
      registry.metrics({ names: ['backlog', 'a'] }),
    ]);
    expect(calls()).toBe(1);
  });

  it('one after the other collect afresh', async () => {
    const { registry, calls } = countingRegistry();
    await registry.metrics();
    expect(await registry.metrics()).toContain('backlog 2\n');
    expect(calls()).toBe(2);
  });
});

describe('a burst of concurrent scrapes of one endpoint', () => {
  it('does the collection once, for compressed and plain answers alike', async () => {
    // Long enough a collection for every request of the burst to arrive while it runs, on a loaded machine too.
    const { registry, calls } = countingRegistry(1000);
    const server = await startHttpServer({ host: '127.0.0.1', registry, maxInFlight: 40 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          request(server.url, { headers: i % 2 === 0 ? { 'Accept-Encoding': 'gzip' } : {} }),
        ),
      );
      expect(calls()).toBe(1);
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      expect(answers.filter((a) => a.headers['content-encoding'] === 'gzip')).toHaveLength(20);
      expect(new Set(answers.map((a) => a.text))).toEqual(
        new Set(['# HELP backlog Backlog.\n# TYPE backlog gauge\nbacklog 1\n']),
      );
    } finally {
      await server.close();
    }
  });
});

describe('a consistent scrape', () => {
  it("writes a summary's quantiles, _count and _sum from one moment while observations go on", async () => {
    const registry = new Registry();
    // A large family first, so that writing takes many event-loop turns.
    const filler = new Gauge({
      name: 'filler',
      help: 'f',
      labelNames: ['i'] as const,
      registers: [registry],
      maxSeries: Number.POSITIVE_INFINITY,
    });
    for (let i = 0; i < 30_000; i++) filler.set({ i: String(i) }, i);
    const summary = new Summary({
      name: 'work_seconds',
      help: 'w',
      percentiles: [1],
      relativeAccuracy: 0.001,
      registers: [registry],
    });
    // The k-th observation is k: then max == count and sum == count * (count + 1) / 2.
    let n = 0;
    let observing = true;
    const observe = () => {
      for (let i = 0; i < 50; i++) summary.observe(++n);
      if (observing) setImmediate(observe);
    };
    observe();
    const before = n;
    const text = await registry.metrics();
    observing = false;
    const count = Number(/^work_seconds_count (\S+)$/m.exec(text)?.[1]);
    const sum = Number(/^work_seconds_sum (\S+)$/m.exec(text)?.[1]);
    const max = Number(/^work_seconds\{quantile="1"\} (\S+)$/m.exec(text)?.[1]);
    expect(count).toBeGreaterThan(before); // observations went on while the scrape ran
    expect(sum).toBe((count * (count + 1)) / 2);
    expect(Math.abs(max - count) / count).toBeLessThanOrEqual(0.002);
  });
});
