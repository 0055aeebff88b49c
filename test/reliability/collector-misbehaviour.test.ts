import { type Collector, Counter, Registry } from 'promkit';
import { GaugeMetricFamily } from 'promkit/exposition';
import { describeWithTool } from '../support/external-tool';
import { promtool, promtoolCheckMetrics } from '../support/promtool';
import { parseOpenMetricsWithPython, pythonPrometheusClient } from '../support/python-parser';

const gauge = (name: string, value: unknown, labels: Record<string, unknown> = {}) => ({
  name,
  help: 'h',
  type: 'gauge',
  points: [{ labelNames: Object.keys(labels), labelValues: Object.values(labels), value }],
});

/** Collectors returning what no exposition can hold, each with the reason it must be refused for. */
const JUNK: Record<string, { output: () => unknown; reason: RegExp }> = {
  'a number': { output: () => 5, reason: /collect\(\) returned 5, expected an array of metric families/ },
  'a null family': { output: () => [null], reason: /family #0: expected a metric family, got null/ },
  'an empty object': { output: () => [{}], reason: /invalid metric name undefined/ },
  'a family without points': {
    output: () => [{ name: 'no_points', help: 'h', type: 'gauge' }],
    reason: /"no_points": points must be an array/,
  },
  'a non-numeric value': { output: () => [gauge('text_value', 'high')], reason: /value must be a number/ },
  'a histogram without buckets': {
    output: () => [
      {
        name: 'h',
        help: 'h',
        type: 'histogram',
        points: [{ labelNames: [], labelValues: [], count: 1, sum: 1 }],
      },
    ],
    reason: /upperBounds must be an array/,
  },
  'an invalid name': { output: () => [gauge('bad name', 1)], reason: /invalid metric name "bad name"/ },
  'an unknown type': {
    output: () => [{ ...gauge('x', 1), type: 'gaugehistogram' }],
    reason: /unknown type "gaugehistogram"/,
  },
  'a numeric label value': {
    output: () => [gauge('g', 1, { a: 1 })],
    reason: /label "a" must have a string value/,
  },
  'an invalid label name': {
    output: () => [gauge('g', 1, { 'a-b': 'x' })],
    reason: /invalid label name "a-b"/,
  },
  'a negative counter': {
    output: () => [
      { name: 'c', help: 'h', type: 'counter', points: [{ labelNames: [], labelValues: [], value: -1 }] },
    ],
    reason: /counter's value must be a number >= 0/,
  },
  'a state set named with a colon': {
    output: () => [{ name: 'a:b', help: 'h', type: 'stateset', points: [] }],
    reason: /state set name must also be a valid label name/,
  },
  'two series with the same labels': {
    output: () => [
      {
        ...gauge('twice', 1, { a: 'x' }),
        points: [...gauge('twice', 1, { a: 'x' }).points, ...gauge('twice', 2, { a: 'x' }).points],
      },
    ],
    reason: /point #1: a second series with the same labels/,
  },
  "a registered metric's name": {
    output: () => [gauge('jobs_total', 1)],
    reason: /"jobs_total" clashes with "jobs"/,
  },
  'a name clashing within itself': {
    output: () => [gauge('dup', 1), gauge('dup', 2)],
    reason: /family "dup" clashes with "dup"/,
  },
  "the error counter's name": {
    output: () => [gauge('promkit_collector_errors_total', 1)],
    reason: /clashes with "promkit_collector_errors"/,
  },
};

function registryWith(collector: Collector, onCollectError?: (error: unknown, collector: string) => void) {
  const registry = new Registry(undefined, { onCollectError });
  new Counter({ name: 'jobs', help: 'Jobs.', registers: [registry] }).inc(3);
  registry.registerCollector(new GoodCollector());
  registry.registerCollector(collector);
  return registry;
}

class GoodCollector implements Collector {
  collect() {
    return [new GaugeMetricFamily('queue_depth', 'Queue depth.', { value: 4 })];
  }
}

describe('a collector returning junk', () => {
  it.each(Object.entries(JUNK))('fails only itself: %s', async (_, { output, reason }) => {
    const errors: Array<[unknown, string]> = [];
    const registry = registryWith({ collect: output as () => [] }, (e, c) => errors.push([e, c]));
    for (let scrape = 0; scrape < 2; scrape++) {
      const text = await registry.metrics();
      expect(text).toContain('jobs 3\n');
      expect(text).toContain('queue_depth 4\n');
      expect(text).toContain(`promkit_collector_errors_total{collector="Object"} ${scrape + 1}\n`);
    }
    expect(errors).toHaveLength(2);
    expect(String(errors[0][0])).toMatch(reason);
    expect(String(errors[0][0])).toMatch(/^CollectorError: collector "Object": /);
  });

  it('returning nothing at all is not junk: it has no metrics this time', async () => {
    const errors: unknown[] = [];
    const registry = registryWith({ collect: () => undefined as never }, (e) => errors.push(e));
    expect(await registry.metrics()).not.toContain('promkit_collector_errors');
    expect(errors).toEqual([]);
  });

  it('is logged once, however often it fails', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const registry = registryWith({ collect: () => 5 as never, describe: () => ['queue_size'] });
      for (let i = 0; i < 3; i++) await registry.metrics();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toContain('collecting "queue_size" failed');
      expect(
        await registry.getSampleValue('promkit_collector_errors_total', { collector: 'queue_size' }),
      ).toBe(4);
    } finally {
      warn.mockRestore();
    }
  });

  it('fails the scrape of a strict registry, with the reason', async () => {
    const registry = new Registry(undefined, { strict: true });
    registry.registerCollector({ collect: () => [null] as never });
    await expect(registry.metrics()).rejects.toThrow(/family #0: expected a metric family, got null/);
  });

  it('is left out of getMetricsAsJSON too', async () => {
    const registry = registryWith({ collect: () => [gauge('x', 'nope')] as never }, () => {});
    const json = await registry.getMetricsAsJSON();
    expect(json.map((m) => m.name)).toEqual(['jobs', 'queue_depth']);
  });
});

describeWithTool(pythonPrometheusClient, 'a scrape with every kind of junk collector', () => {
  it("still parses with Python's strict OpenMetrics parser", async () => {
    const registry = registryWith({ collect: () => [] }, () => {});
    for (const { output } of Object.values(JUNK)) registry.registerCollector({ collect: output as () => [] });
    const families = await parseOpenMetricsWithPython(await registry.metrics({ format: 'openmetrics' }));
    expect(families.map((f) => f.name)).toEqual(['jobs', 'queue_depth', 'promkit_collector_errors']);
  });
});

describeWithTool(promtool, 'a text scrape with every kind of junk collector', () => {
  it('passes promtool check metrics', async () => {
    const registry = registryWith({ collect: () => [] }, () => {});
    for (const { output } of Object.values(JUNK)) registry.registerCollector({ collect: output as () => [] });
    const result = await promtoolCheckMetrics(await registry.metrics());
    // The registry's own counter is named `jobs`, as prom-client users name theirs, and text
    // 0.0.4 keeps that name; promtool's naming advice about it is not what this test is about.
    const complaints = (result.stdout + result.stderr)
      .split('\n')
      .filter((line) => line !== '' && line !== 'jobs counter metrics should have "_total" suffix');
    expect(complaints).toEqual([]);
  });
});

describe('a collector that never settles', () => {
  it('is left out once the collect timeout passes, and reported', async () => {
    const errors: string[] = [];
    const registry = new Registry(undefined, {
      collectTimeout: 200,
      onCollectError: (e) => errors.push(String(e)),
    });
    new Counter({ name: 'jobs', help: 'Jobs.', registers: [registry] }).inc();
    let calls = 0;
    registry.registerCollector({
      collect: () => {
        calls++;
        return new Promise<never>(() => {});
      },
      describe: () => ['remote_queue'],
    });
    const started = performance.now();
    const text = await registry.metrics();
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(text).toContain('jobs 1\n');
    expect(text).toContain('promkit_collector_errors_total{collector="remote_queue"} 1\n');
    expect(errors).toEqual([
      'CollectorError: collector "remote_queue" did not finish within 200 ms; left out of this scrape',
    ]);
    // Concurrent and later scrapes wait on the call still running instead of starting more.
    await Promise.all([registry.metrics(), registry.metrics()]);
    expect(calls).toBe(1);
  });

  it('does not delay a scrape of the metrics it does not touch', async () => {
    const registry = new Registry(undefined, { collectTimeout: 60_000, onCollectError: () => {} });
    new Counter({ name: 'jobs', help: 'Jobs.', registers: [registry] }).inc();
    registry.registerCollector({ collect: () => new Promise<never>(() => {}), describe: () => ['slow'] });
    expect(await registry.metrics({ names: ['jobs_total'] })).toContain('jobs 1');
  });

  it('is called again once its call has settled late', async () => {
    const registry = new Registry(undefined, { collectTimeout: 50, onCollectError: () => {} });
    let release: (families: never[]) => void = () => {};
    let calls = 0;
    registry.registerCollector({
      collect: () => {
        calls++;
        return calls === 1
          ? new Promise<never[]>((resolve) => (release = resolve))
          : [new GaugeMetricFamily('remote_items', 'Items.', { value: calls })];
      },
    });
    expect(await registry.metrics()).not.toContain('remote_items');
    release([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await registry.metrics()).toContain('remote_items 2');
  });

  it('rejects an invalid timeout when the registry is made', () => {
    expect(() => new Registry(undefined, { collectTimeout: 0 })).toThrow(
      /collectTimeout must be a number of milliseconds above 0, at most 2147483647 \(what a timer can wait\), or Infinity \(waits forever\), got 0/,
    );
    // A timer set past that fires after 1 ms, and every collector would be left out of every scrape.
    expect(() => new Registry(undefined, { collectTimeout: 3e9 })).toThrow(/got 3000000000/);
    expect(() => new Registry(undefined, { collectTimeout: Number.POSITIVE_INFINITY })).not.toThrow();
  });
});
