import { Counter, Enum, Gauge, Histogram, Info, Registry, Summary } from 'promkit';
import { CounterMetricFamily, SummaryMetricFamily } from 'promkit/exposition';
import type { MultiprocessMode } from '../../lib/core';
import { describeWithTool } from '../support/external-tool';
import { promtool, promtoolCheckMetrics } from '../support/promtool';
import { parseOpenMetricsWithPython, pythonPrometheusClient } from '../support/python-parser';
import { Processes } from './support/processes';
import { random } from './support/random';

describe('merging the metrics of several processes', () => {
  it('adds counters and histogram buckets exactly, keeping processes that have exited', async () => {
    const p = new Processes(3, (registry) => ({
      jobs: new Counter({ name: 'jobs_total', help: 'Jobs', labelNames: ['queue'], registers: [registry] }),
      latency: new Histogram({
        name: 'latency_seconds',
        help: 'Latency',
        buckets: [0.1, 1],
        registers: [registry],
      }),
    }));
    p.metrics.forEach((m, i) => {
      m.jobs.inc({ queue: 'mail' }, i + 1);
      m.jobs.inc({ queue: `only-${i}` });
      for (let k = 0; k <= i; k++) m.latency.observe(k * 0.5);
    });
    const view = await p.view('cluster', [2]);
    expect(await view.getSampleValue('jobs_total', { queue: 'mail' })).toBe(6);
    expect(await view.getSampleValue('jobs_total', { queue: 'only-2' })).toBe(1);
    // Observations 0 | 0, 0.5 | 0, 0.5, 1: six in all.
    expect(await view.getSampleValue('latency_seconds_bucket', { le: '0.1' })).toBe(3);
    expect(await view.getSampleValue('latency_seconds_bucket', { le: '1' })).toBe(6);
    expect(await view.getSampleValue('latency_seconds_count')).toBe(6);
    expect(await view.getSampleValue('latency_seconds_sum')).toBe(2);
  });

  it.each<[MultiprocessMode, Record<string, number>]>([
    ['all', { '1': 3, '2': 7, '3': 5 }],
    ['liveall', { '1': 3, '2': 7 }],
    ['sum', { '': 15 }],
    ['livesum', { '': 10 }],
    ['min', { '': 3 }],
    ['livemax', { '': 7 }],
    ['max', { '': 7 }],
    ['average', { '': 5 }],
    ['liveaverage', { '': 5 }],
    ['first', { '': 3 }],
  ])('combines a gauge in mode %s (process 3 has exited)', async (mode, expected) => {
    const p = new Processes(
      3,
      (registry) =>
        new Gauge({ name: 'queue_depth', help: 'Depth', multiprocessMode: mode, registers: [registry] }),
    );
    [3, 7, 5].forEach((v, i) => {
      p.metrics[i].set(v);
    });
    const samples = await (await p.view('cluster', [2])).getSamples({ names: ['queue_depth'] });
    const seen = Object.fromEntries(samples.map((s) => [s.labels.worker ?? '', s.value]));
    expect(seen).toEqual(expected);
  });

  it('leaves out a metric whose mode is omit', async () => {
    const p = new Processes(
      2,
      (registry) => new Gauge({ name: 'g', help: 'G', aggregator: 'omit', registers: [registry] }),
    );
    expect(await (await p.view('cluster')).getSingleMetricAsString('g')).toBe('');
  });

  it('takes the value that changed last in mode mostrecent', async () => {
    const p = new Processes(
      3,
      (registry) =>
        new Gauge({
          name: 'config_version',
          help: 'V',
          multiprocessMode: 'mostrecent',
          registers: [registry],
        }),
    );
    p.metrics.forEach((g, i) => {
      g.set(i + 1);
    });
    await Promise.all([0, 1, 2].map((i) => p.snapshot(i)));
    await new Promise((resolve) => setTimeout(resolve, 5));
    p.metrics[0].set(42);
    expect(await (await p.view('cluster')).getSampleValue('config_version')).toBe(42);
  });

  it('reads prom-client aggregators as running-process modes for gauges', async () => {
    const p = new Processes(
      3,
      (registry) => new Gauge({ name: 'lag', help: 'Lag', aggregator: 'max', registers: [registry] }),
    );
    [1, 9, 4].forEach((v, i) => {
      p.metrics[i].set(v);
    });
    expect(await (await p.view('cluster', [1])).getSampleValue('lag')).toBe(4);
  });

  it('uses each deployment’s default for gauges', async () => {
    const p = new Processes(
      2,
      (registry) => new Gauge({ name: 'in_flight', help: 'In flight', registers: [registry] }),
    );
    p.metrics[0].set(2);
    p.metrics[1].set(3);
    expect(await (await p.view('cluster')).getSampleValue('in_flight')).toBe(5);
    expect(await (await p.view('threads')).getSampleValue('in_flight')).toBe(5);
    const directory = await (await p.view('directory', [1])).getSamples({ names: ['in_flight'] });
    expect(directory.map((s) => [s.labels, s.value])).toEqual([[{ pid: '1000' }, 2]]);
  });

  it('gives summary quantiles from the merged sketches, within the relative accuracy', async () => {
    const p = new Processes(
      4,
      (registry) =>
        new Summary({
          name: 'size_bytes',
          help: 'Sizes',
          percentiles: [0.5, 0.9, 0.99],
          registers: [registry],
        }),
    );
    const r = random(7);
    const all: number[] = [];
    p.metrics.forEach((s, i) => {
      // Each process sees a different range: per-process quantiles are far from the overall ones.
      for (let k = 0; k < 5000; k++) {
        const v = (i + 1) ** 3 * (1 + r() * 100);
        all.push(v);
        s.observe(v);
      }
    });
    all.sort((a, b) => a - b);
    const view = await p.view('cluster', [3]);
    for (const q of [0.5, 0.9, 0.99]) {
      const truth = all[Math.floor(q * (all.length - 1))];
      const merged = (await view.getSampleValue('size_bytes', { quantile: String(q) })) as number;
      expect(Math.abs(merged - truth)).toBeLessThanOrEqual(truth * 0.01);
    }
    expect(await view.getSampleValue('size_bytes_count')).toBe(20_000);
  });

  it('keeps one summary per process in mode all, each with its own quantiles', async () => {
    const p = new Processes(
      2,
      (registry) =>
        new Summary({
          name: 's',
          help: 'S',
          percentiles: [0.5],
          multiprocessMode: 'all',
          registers: [registry],
        }),
    );
    p.metrics[0].observe(10);
    p.metrics[1].observe(1000);
    const view = await p.view('cluster');
    expect(await view.getSampleValue('s', { quantile: '0.5', worker: '1' })).toBe(10);
    expect(await view.getSampleValue('s', { quantile: '0.5', worker: '2' })).toBe(1000);
  });

  it('shows each distinct info of a running process once, and each process’s enum state', async () => {
    const p = new Processes(3, (registry, i) => ({
      build: new Info({ name: 'app_build', help: 'Build', registers: [registry] }),
      state: new Enum({ name: 'phase', help: 'Phase', states: ['idle', 'busy'], registers: [registry] }),
      version: i === 2 ? '1.1' : '1.0',
    }));
    p.metrics.forEach((m, i) => {
      m.build.info({ version: m.version });
      if (i === 1) m.state.state('busy');
    });
    const view = await p.view('cluster');
    const infos = await view.getSamples({ names: ['app_build_info'] });
    expect(infos.map((s) => s.labels.version).sort()).toEqual(['1.0', '1.1']);
    expect(await view.getSampleValue('phase', { phase: 'busy', worker: '2' })).toBe(1);
    expect(await view.getSampleValue('phase', { phase: 'busy', worker: '1' })).toBe(0);
    const afterExit = await p.view('cluster', [2]);
    expect((await afterExit.getSamples({ names: ['app_build_info'] })).map((s) => s.labels.version)).toEqual([
      '1.0',
    ]);
  });

  it('keeps the newest exemplar of each series and bucket', async () => {
    const p = new Processes(2, (registry) => ({
      c: new Counter({ name: 'req_total', help: 'R', enableExemplars: true, registers: [registry] }),
      h: new Histogram({
        name: 'lat',
        help: 'L',
        buckets: [1],
        enableExemplars: true,
        registers: [registry],
      }),
    }));
    p.metrics[0].c.inc({ value: 1, exemplarLabels: { trace_id: 'old' } });
    p.metrics[0].h.observe({ value: 0.5, exemplarLabels: { trace_id: 'old' } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    p.metrics[1].c.inc({ value: 1, exemplarLabels: { trace_id: 'new' } });
    p.metrics[1].h.observe({ value: 0.7, exemplarLabels: { trace_id: 'new' } });
    const text = await (await p.view('cluster')).metrics({ format: 'openmetrics' });
    expect(text).toMatch(/req_total 2 # \{trace_id="new"\} 1/);
    expect(text).toMatch(/lat_bucket\{le="1.0"\} 2 # \{trace_id="new"\} 0.7/);
  });

  it('merges custom collectors by type; summaries without a sketch keep count and sum only', async () => {
    const p = new Processes(2, (registry, i) => {
      registry.registerCollector({
        collect: () => [
          new CounterMetricFamily('imports_total', 'Imports', { labels: ['kind', 'source'] }).addMetric(
            ['csv', 'ftp'],
            i + 1,
          ),
          new SummaryMetricFamily('import_seconds', 'Import time').addMetric([], 2, 3, undefined, [
            [0.5, i + 1],
          ]),
        ],
      });
      return undefined;
    });
    const view = await p.view('cluster');
    expect(await view.getSampleValue('imports_total', { kind: 'csv', source: 'ftp' })).toBe(3);
    expect(await view.getSampleValue('import_seconds_count')).toBe(4);
    expect(await view.getSampleValue('import_seconds', { quantile: '0.5' })).toBeUndefined();
  });

  it('treats the same labels in another order as the same series', async () => {
    const p = new Processes(2, (registry, i) => {
      const labels = i === 0 ? ['a', 'b'] : ['b', 'a'];
      const values = i === 0 ? ['1', '2'] : ['2', '1'];
      registry.registerCollector({
        collect: () => [new CounterMetricFamily('x_total', 'X', { labels }).addMetric(values, 1)],
      });
      return undefined;
    });
    const samples = await (await p.view('cluster')).getSamples({ names: ['x_total'] });
    expect(samples).toEqual([expect.objectContaining({ labels: { a: '1', b: '2' }, value: 2 })]);
  });

  it('merges a labelled histogram when the first process has no series of it yet', async () => {
    const p = new Processes(3, (registry) => ({
      latency: new Histogram({
        name: 'latency_seconds',
        help: 'Latency',
        labelNames: ['route'],
        buckets: [0.1, 1],
        registers: [registry],
      }),
      states: new Enum({
        name: 'phase',
        help: 'Phase',
        states: ['up', 'down'],
        labelNames: ['job'],
        registers: [registry],
      }),
    }));
    // Only the last process has served a request: the others hold the families with no series.
    p.metrics[2].latency.observe({ route: '/orders' }, 0.5);
    p.metrics[2].states.state({ job: 'a' }, 'down');
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const view = await p.view('cluster');
    expect(await view.getSampleValue('latency_seconds_count', { route: '/orders' })).toBe(1);
    expect(await view.getSampleValue('latency_seconds_bucket', { route: '/orders', le: '1' })).toBe(1);
    expect(await view.getSampleValue('phase', { job: 'a', worker: '3', phase: 'down' })).toBe(1);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('leaves out a process whose definition conflicts, and counts it', async () => {
    const p = new Processes(
      2,
      (registry, i) =>
        new Histogram({ name: 'h', help: 'H', buckets: i === 0 ? [1, 2] : [5], registers: [registry] }),
    );
    p.metrics[0].observe(1);
    p.metrics[1].observe(1);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const samples = await (await p.view('cluster')).getSamples();
    const value = (name: string, labels: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels))?.value;
    expect(value('h_count')).toBe(1);
    expect(value('promkit_aggregation_errors_total', { reason: 'conflict' })).toBe(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('h has different buckets'));
    warn.mockRestore();
  });

  it('carries each process registry’s default labels', async () => {
    const p = new Processes(2, (registry, i) => {
      registry.setDefaultLabels({ instance: `i${i}` });
      return new Counter({ name: 'c_total', help: 'C', registers: [registry] });
    });
    p.metrics.forEach((c) => {
      c.inc();
    });
    const samples = await (await p.view('cluster')).getSamples({ names: ['c_total'] });
    expect(samples.map((s) => s.labels)).toEqual([{ instance: 'i0' }, { instance: 'i1' }]);
  });

  it('adds native histograms bucket-wise, as one histogram of every observation', async () => {
    const p = new Processes(
      3,
      (registry) =>
        new Histogram({ name: 'n', help: 'N', native: true, buckets: [1], registers: [registry] }),
    );
    const single = new Histogram({
      name: 'n',
      help: 'N',
      native: true,
      buckets: [1],
      registers: [new Registry()],
    });
    const r = random(3);
    p.metrics.forEach((h, i) => {
      for (let k = 0; k < 500; k++) {
        const v = (i + 1) * r() * 10 - 2;
        h.observe(v);
        single.observe(v);
      }
    });
    const [family] = await (await p.view('cluster')).collect({ names: ['n'] });
    const [expected] = single.collect() as Awaited<ReturnType<typeof single.collect>>;
    const merged = family.type === 'histogram' ? family.points[0] : undefined;
    const truth = expected.type === 'histogram' ? expected.points[0] : undefined;
    expect(merged?.count).toBe(1500);
    const buckets = (h: typeof merged) => {
      const out = new Map<number, number>();
      for (const run of h?.native?.positive ?? []) {
        Array.from(run.counts).forEach((c, k) => {
          if (c) out.set(run.offset + k, c);
        });
      }
      return out;
    };
    expect(merged?.native?.schema).toBe(truth?.native?.schema);
    expect(merged?.native?.zeroCount).toBe(truth?.native?.zeroCount);
    expect(buckets(merged)).toEqual(buckets(truth));
  });

  describeWithTool(promtool, 'promtool', () => {
    it('accepts the merged exposition of every metric type', async () => {
      const p = new Processes(2, (registry) => {
        new Counter({ name: 'a_total', help: 'A', registers: [registry] }).inc();
        new Gauge({ name: 'b', help: 'B', multiprocessMode: 'all', registers: [registry] }).set(1);
        new Histogram({ name: 'c', help: 'C', registers: [registry] }).observe(1);
        new Summary({ name: 'd', help: 'D', registers: [registry] }).observe(1);
        new Info({ name: 'e', help: 'E', registers: [registry] }).info({ v: '1' });
        new Enum({ name: 'f', help: 'F', states: ['x', 'y'], registers: [registry] });
        return undefined;
      });
      const result = await promtoolCheckMetrics(await (await p.view('cluster')).metrics());
      expect(result.stderr + result.stdout).toBe('');
      expect(result.code).toBe(0);
    });
  });

  describeWithTool(pythonPrometheusClient, 'Python prometheus_client', () => {
    it('parses the merged OpenMetrics exposition', async () => {
      const p = new Processes(2, (registry) => {
        new Counter({ name: 'a_total', help: 'A', registers: [registry] }).inc();
        new Histogram({ name: 'c', help: 'C', registers: [registry] }).observe(1);
        new Summary({ name: 'd', help: 'D', registers: [registry] }).observe(1);
        return undefined;
      });
      const families = await parseOpenMetricsWithPython(
        await (await p.view('cluster')).metrics({ format: 'openmetrics' }),
      );
      expect(families.map((f) => f.name)).toEqual(
        expect.arrayContaining(['a', 'c', 'd', 'promkit_aggregation_workers']),
      );
    });
  });
});
