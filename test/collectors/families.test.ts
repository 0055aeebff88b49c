import { LabelError, MetricConfigError, MetricValueError, Registry } from 'promkit';
import {
  CounterMetricFamily,
  GaugeMetricFamily,
  HistogramMetricFamily,
  InfoMetricFamily,
  type MetricFamily,
  StateSetMetricFamily,
  SummaryMetricFamily,
  UnknownMetricFamily,
} from 'promkit/exposition';

/** A registry exposing exactly these families through a custom collector. */
function registryOf(...families: MetricFamily[]): Registry {
  const registry = new Registry();
  registry.registerCollector({ collect: () => families });
  return registry;
}

const lines = (...l: string[]) => l.map((line) => `${line}\n`).join('');

describe('Python-style family builders', () => {
  it('gauge with labels: one series per addMetric, in the Prometheus text format', async () => {
    const depth = new GaugeMetricFamily('queue_depth', 'Jobs waiting.', { labels: ['queue'] });
    depth.addMetric(['emails'], 3).addMetric(['reports'], 0.5);
    expect(await registryOf(depth).metrics()).toBe(
      lines(
        '# HELP queue_depth Jobs waiting.',
        '# TYPE queue_depth gauge',
        'queue_depth{queue="emails"} 3',
        'queue_depth{queue="reports"} 0.5',
      ),
    );
  });

  it('gauge with value: one series without labels, a unit suffix and a timestamp', async () => {
    const family = new GaugeMetricFamily('disk_free', 'Free disk.', { value: 42, unit: 'bytes' });
    family.addMetric([], 7, 1_700_000_000_123);
    expect(family.name).toBe('disk_free_bytes');
    expect(await registryOf(family).metrics({ format: 'openmetrics' })).toBe(
      lines(
        '# HELP disk_free_bytes Free disk.',
        '# TYPE disk_free_bytes gauge',
        '# UNIT disk_free_bytes bytes',
        'disk_free_bytes 42',
        'disk_free_bytes 7 1700000000.123',
        '# EOF',
      ),
    );
  });

  it('counter: strips a `_total` suffix like the Python client and writes _total / _created', async () => {
    const family = new CounterMetricFamily('jobs_done_total', 'Jobs done.', { labels: ['queue'] });
    family.addMetric(['emails'], 10, undefined, 1_700_000_000_000);
    expect(family.name).toBe('jobs_done');
    const registry = registryOf(family);
    expect(await registry.metrics()).toBe(
      lines(
        '# HELP jobs_done_total Jobs done.',
        '# TYPE jobs_done_total counter',
        'jobs_done_total{queue="emails"} 10',
      ),
    );
    expect(await registry.metrics({ format: 'openmetrics', created: true })).toBe(
      lines(
        '# HELP jobs_done Jobs done.',
        '# TYPE jobs_done counter',
        'jobs_done_total{queue="emails"} 10',
        'jobs_done_created{queue="emails"} 1.7e+09',
        '# EOF',
      ),
    );
  });

  it('histogram: cumulative [le, count] buckets and a sum, as add_metric(labels, buckets, sum_value)', async () => {
    const family = new HistogramMetricFamily('request_seconds', 'Latency.', { labels: ['path'] });
    family.addMetric(
      ['/'],
      [
        ['0.1', 2],
        [1, 5],
        ['+Inf', 6],
      ],
      3.5,
    );
    const registry = registryOf(family);
    expect(await registry.metrics()).toBe(
      lines(
        '# HELP request_seconds Latency.',
        '# TYPE request_seconds histogram',
        'request_seconds_bucket{le="0.1",path="/"} 2',
        'request_seconds_bucket{le="1",path="/"} 5',
        'request_seconds_bucket{le="+Inf",path="/"} 6',
        'request_seconds_sum{path="/"} 3.5',
        'request_seconds_count{path="/"} 6',
      ),
    );
    expect(await registry.getSampleValue('request_seconds_count', { path: '/' })).toBe(6);
  });

  it('summary: count and sum (and optional quantiles), as add_metric(labels, count_value, sum_value)', async () => {
    const family = new SummaryMetricFamily('rpc_seconds', 'RPC time.', { count: 4, sum: 2 });
    const labelled = new SummaryMetricFamily('batch_seconds', 'Batch time.', { labels: ['job'] });
    labelled.addMetric(['nightly'], 2, 9, undefined, [[0.5, 4]]);
    expect(await registryOf(family, labelled).metrics()).toBe(
      lines(
        '# HELP rpc_seconds RPC time.',
        '# TYPE rpc_seconds summary',
        'rpc_seconds_sum 2',
        'rpc_seconds_count 4',
        '',
        '# HELP batch_seconds Batch time.',
        '# TYPE batch_seconds summary',
        'batch_seconds{quantile="0.5",job="nightly"} 4',
        'batch_seconds_sum{job="nightly"} 9',
        'batch_seconds_count{job="nightly"} 2',
      ),
    );
  });

  it('info and stateset: OpenMetrics types, gauges in the text format', async () => {
    const build = new InfoMetricFamily('build_info', 'Build.', { value: { version: '1.2.3' } });
    const mode = new StateSetMetricFamily('mode', 'Mode.', { labels: ['node'] });
    mode.addMetric(['a'], { on: true, off: false });
    const registry = registryOf(build, mode);
    expect(await registry.metrics({ format: 'openmetrics' })).toBe(
      lines(
        '# HELP build Build.',
        '# TYPE build info',
        'build_info{version="1.2.3"} 1',
        '# HELP mode Mode.',
        '# TYPE mode stateset',
        'mode{node="a",mode="off"} 0',
        'mode{node="a",mode="on"} 1',
        '# EOF',
      ),
    );
    expect(await registry.metrics()).toContain('# TYPE build_info gauge\nbuild_info{version="1.2.3"} 1\n');
  });

  it('unknown: `untyped` in text, `unknown` in OpenMetrics', async () => {
    const registry = registryOf(new UnknownMetricFamily('legacy_value', 'Legacy.', { value: 1 }));
    expect(await registry.metrics()).toContain('# TYPE legacy_value untyped\nlegacy_value 1\n');
    expect(await registry.metrics({ format: 'openmetrics' })).toContain('# TYPE legacy_value unknown\n');
  });
});

describe('family builder validation', () => {
  it('a label value count mismatch names the family and its labels', () => {
    const family = new GaugeMetricFamily('queue_depth', 'Jobs waiting.', { labels: ['queue', 'shard'] });
    expect(() => family.addMetric(['emails'], 1)).toThrow(LabelError);
    expect(() => family.addMetric(['emails'], 1)).toThrow(
      'GaugeMetricFamily "queue_depth": expected 2 label value(s) for labels [queue, shard], got 1 (["emails"])',
    );
  });

  it('rejects invalid metric and label names, and labels reserved by the type', () => {
    expect(() => new GaugeMetricFamily('bad-name', 'x')).toThrow(MetricConfigError);
    expect(() => new CounterMetricFamily('ok', 'x', { labels: ['0bad'] })).toThrow(
      /invalid label name "0bad"/,
    );
    expect(() => new HistogramMetricFamily('h', 'x', { labels: ['le'] })).toThrow(/"le" is reserved/);
    expect(() => new SummaryMetricFamily('s', 'x', { labels: ['quantile'] })).toThrow(
      /"quantile" is reserved/,
    );
    expect(() => new StateSetMetricFamily('mode', 'x', { labels: ['mode'] })).toThrow(/"mode" is reserved/);
  });

  it('a value shortcut excludes labels, and paired options must come together', () => {
    expect(() => new GaugeMetricFamily('g', 'x', { value: 1, labels: ['a'] })).toThrow(/not both/);
    expect(() => new SummaryMetricFamily('s', 'x', { count: 1 })).toThrow(
      /count and sum must be given together/,
    );
    expect(() => new HistogramMetricFamily('h', 'x', { sum: 1 })).toThrow(
      /buckets and sum must be given together/,
    );
  });

  it('rejects values that cannot be exposed, naming the series', () => {
    const counter = new CounterMetricFamily('jobs', 'x', { labels: ['queue'] });
    expect(() => counter.addMetric(['a'], -1)).toThrow(MetricValueError);
    expect(() => counter.addMetric(['a'], -1)).toThrow(
      'CounterMetricFamily "jobs" {queue="a"}: value must be',
    );
    const gauge = new GaugeMetricFamily('g', 'x');
    expect(() => gauge.addMetric([], '5' as unknown as number)).toThrow(/value must be a number, got "5"/);
    expect(() => gauge.addMetric([], 1, Number.NaN)).toThrow(/timestamp must be milliseconds/);
  });

  it('takes NaN and infinities as gauge values, as Gauge.set does', async () => {
    const registry = registryOf(
      new GaugeMetricFamily('g', 'x', { labels: ['v'] })
        .addMetric(['nan'], Number.NaN)
        .addMetric(['inf'], Number.POSITIVE_INFINITY),
    );
    expect(await registry.metrics()).toBe('# HELP g x\n# TYPE g gauge\ng{v="nan"} NaN\ng{v="inf"} +Inf\n');
  });

  it('histogram buckets must be sorted, cumulative and end with +Inf', () => {
    const h = new HistogramMetricFamily('h', 'x');
    expect(() => h.addMetric([], [[1, 1]], 1)).toThrow(/last bucket must be '\+Inf'/);
    expect(() =>
      h.addMetric(
        [],
        [
          [2, 1],
          [1, 2],
          ['+Inf', 2],
        ],
        1,
      ),
    ).toThrow(/increasing order/);
    expect(() =>
      h.addMetric(
        [],
        [
          [1, 3],
          ['+Inf', 2],
        ],
        1,
      ),
    ).toThrow(/must be cumulative, but le=\+Inf has 2 after 3/);
    expect(() => h.addMetric([], [], 1)).toThrow(/non-empty array/);
  });

  it('info pairs may not repeat a declared label; stateset states must be booleans', () => {
    const info = new InfoMetricFamily('build', 'x', { labels: ['version'] });
    expect(() => info.addMetric(['1'], { version: '2' })).toThrow(/declared twice/);
    const states = new StateSetMetricFamily('mode', 'x');
    expect(() => states.addMetric([], { on: 'yes' as unknown as boolean })).toThrow(
      /state "on" must be true or false/,
    );
  });
});
