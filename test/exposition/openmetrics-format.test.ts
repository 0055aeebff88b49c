import {
  EXEMPLAR_MAX_CODE_POINTS,
  OPENMETRICS_EOF,
  writeOpenMetrics,
  writeOpenMetricsBody,
} from '../../lib/exposition';
import type { Exemplar, MetricFamily } from '../../lib/model';
import { labels } from './fixtures';

function lines(...l: string[]): string {
  return l.map((line) => line + '\n').join('');
}

function counterWithExemplar(exemplar: Exemplar): MetricFamily {
  return { name: 'c', help: 'c', type: 'counter', points: [{ ...labels(), value: 1, exemplar }] };
}

describe('writeOpenMetrics (OpenMetrics 1.0.0)', () => {
  it('is just # EOF for no families', () => {
    expect(writeOpenMetrics([])).toBe('# EOF\n');
    expect(OPENMETRICS_EOF).toBe('# EOF\n');
  });

  it('leaves _created out unless asked for, as prom-client and client_golang do', () => {
    const family: MetricFamily = {
      name: 'jobs',
      help: 'h',
      type: 'counter',
      points: [{ ...labels(), value: 1, created: 1_000 }],
    };
    expect(writeOpenMetricsBody([family])).toBe(
      lines('# HELP jobs h', '# TYPE jobs counter', 'jobs_total 1'),
    );
    expect(writeOpenMetricsBody([family], { created: true })).toContain('jobs_created 1\n');
  });

  it('body omits # EOF so chunks can be concatenated', () => {
    const a: MetricFamily = { name: 'a', help: 'a', type: 'gauge', points: [{ ...labels(), value: 1 }] };
    const b: MetricFamily = { name: 'b', help: 'b', type: 'gauge', points: [{ ...labels(), value: 2 }] };
    expect(writeOpenMetricsBody([a])).toBe(lines('# HELP a a', '# TYPE a gauge', 'a 1'));
    expect(writeOpenMetricsBody([a]) + writeOpenMetricsBody([b]) + OPENMETRICS_EOF).toBe(
      writeOpenMetrics([a, b]),
    );
  });

  it('counter: _total with exemplar, _created in seconds when asked for', () => {
    const family: MetricFamily = {
      name: 'jobs',
      help: 'Jobs "done".',
      type: 'counter',
      points: [
        {
          ...labels({ queue: 'q1' }),
          value: 5,
          created: 1_700_000_000_123,
          exemplar: { labels: { trace_id: 'abc', span: 'x"y' }, value: 1, timestamp: 1_700_000_001_500 },
        },
        { ...labels({ queue: 'q2' }), value: 0, exemplar: { labels: {}, value: 2.5 } },
        { ...labels({ queue: 'q3' }), value: 7, created: 1_000, timestamp: 2_000 },
      ],
    };
    expect(writeOpenMetrics([family], { created: true })).toBe(
      lines(
        '# HELP jobs Jobs \\"done\\".',
        '# TYPE jobs counter',
        'jobs_total{queue="q1"} 5 # {trace_id="abc",span="x\\"y"} 1 1700000001.5',
        'jobs_created{queue="q1"} 1.700000000123e+09',
        'jobs_total{queue="q2"} 0 # {} 2.5',
        'jobs_total{queue="q3"} 7 2',
        'jobs_created{queue="q3"} 1 2',
        '# EOF',
      ),
    );
  });

  it('counter: a family name ending in _total is not doubled', () => {
    const family: MetricFamily = {
      name: 'jobs_total',
      help: 'h',
      type: 'counter',
      points: [{ ...labels(), value: 1, created: 0 }],
    };
    expect(writeOpenMetricsBody([family], { created: true })).toBe(
      lines('# HELP jobs h', '# TYPE jobs counter', 'jobs_total 1', 'jobs_created 0'),
    );
  });

  it('UNIT is written when the name ends in _<unit>, and left out otherwise', () => {
    const good: MetricFamily = {
      name: 'size_bytes',
      help: 'Size.',
      type: 'gauge',
      unit: 'bytes',
      points: [{ ...labels(), value: 1e6 }],
    };
    const counter: MetricFamily = {
      name: 'sent_bytes',
      help: 'Sent.',
      type: 'counter',
      unit: 'bytes',
      points: [{ ...labels(), value: 3 }],
    };
    const mismatched: MetricFamily = {
      name: 'size',
      help: 'Size.',
      type: 'gauge',
      unit: 'bytes',
      points: [{ ...labels(), value: 1 }],
    };
    expect(writeOpenMetricsBody([good, counter, mismatched])).toBe(
      lines(
        '# HELP size_bytes Size.',
        '# TYPE size_bytes gauge',
        '# UNIT size_bytes bytes',
        'size_bytes 1e+06',
        '# HELP sent_bytes Sent.',
        '# TYPE sent_bytes counter',
        '# UNIT sent_bytes bytes',
        'sent_bytes_total 3',
        '# HELP size Size.',
        '# TYPE size gauge',
        'size 1',
      ),
    );
  });

  it('gauge and unknown, with timestamps in seconds', () => {
    const families: MetricFamily[] = [
      {
        name: 'g',
        help: '',
        type: 'gauge',
        points: [{ ...labels({ a: 'b' }), value: -0.00001, timestamp: 1_700_000_000_050 }],
      },
      { name: 'u', help: 'u', type: 'unknown', points: [{ ...labels(), value: Number.NaN }] },
    ];
    expect(writeOpenMetricsBody(families)).toBe(
      lines(
        '# HELP g ',
        '# TYPE g gauge',
        'g{a="b"} -1e-05 1700000000.05',
        '# HELP u u',
        '# TYPE u unknown',
        'u NaN',
      ),
    );
  });

  it('histogram: canonical le first, exemplars per bucket (including +Inf), _sum, _count, _created when asked for', () => {
    const family: MetricFamily = {
      name: 'latency_seconds',
      help: 'Latency.',
      type: 'histogram',
      unit: 'seconds',
      points: [
        {
          ...labels({ route: '/a' }),
          upperBounds: [0.1, 1, 10, 1e6],
          bucketCounts: [2, 0, 3, 0, 1],
          count: 6,
          sum: 7.5,
          created: 1_700_000_000_000,
          exemplars: [
            { labels: { trace_id: 'a' }, value: 0.05, timestamp: 1_700_000_000_001 },
            undefined,
            undefined,
            undefined,
            { labels: { trace_id: 'inf' }, value: 2e6 },
          ],
        },
      ],
    };
    expect(writeOpenMetricsBody([family], { created: true })).toBe(
      lines(
        '# HELP latency_seconds Latency.',
        '# TYPE latency_seconds histogram',
        '# UNIT latency_seconds seconds',
        'latency_seconds_bucket{le="0.1",route="/a"} 2 # {trace_id="a"} 0.05 1700000000.001',
        'latency_seconds_bucket{le="1.0",route="/a"} 2',
        'latency_seconds_bucket{le="10.0",route="/a"} 5',
        'latency_seconds_bucket{le="1e+06",route="/a"} 5',
        'latency_seconds_bucket{le="+Inf",route="/a"} 6 # {trace_id="inf"} 2e+06',
        'latency_seconds_sum{route="/a"} 7.5',
        'latency_seconds_count{route="/a"} 6',
        'latency_seconds_created{route="/a"} 1.7e+09',
      ),
    );
  });

  it('summary: canonical quantile, _sum, _count, _created when asked for', () => {
    const family: MetricFamily = {
      name: 'rpc_seconds',
      help: 'RPC.',
      type: 'summary',
      points: [
        {
          ...labels(),
          quantiles: [
            { quantile: 0, value: 0.001 },
            { quantile: 0.5, value: 0.02 },
            { quantile: 1, value: 3 },
          ],
          count: 10,
          sum: 4,
          created: 1_500,
          timestamp: 3_000,
        },
      ],
    };
    expect(writeOpenMetricsBody([family], { created: true })).toBe(
      lines(
        '# HELP rpc_seconds RPC.',
        '# TYPE rpc_seconds summary',
        'rpc_seconds{quantile="0.0"} 0.001 3',
        'rpc_seconds{quantile="0.5"} 0.02 3',
        'rpc_seconds{quantile="1.0"} 3 3',
        'rpc_seconds_sum 4 3',
        'rpc_seconds_count 10 3',
        'rpc_seconds_created 1.5 3',
      ),
    );
  });

  it('info: TYPE info, sample <name>_info 1, never a UNIT', () => {
    const family: MetricFamily = {
      name: 'build',
      help: 'Build.',
      type: 'info',
      unit: 'x',
      points: [{ ...labels({ version: 'ü"1' }) }],
    };
    expect(writeOpenMetricsBody([family])).toBe(
      lines('# HELP build Build.', '# TYPE build info', 'build_info{version="ü\\"1"} 1'),
    );
  });

  it('stateset: family name as the state label, 1/0 values', () => {
    const family: MetricFamily = {
      name: 'door',
      help: 'Door.',
      type: 'stateset',
      points: [{ ...labels({ room: 'a' }), states: ['open', 'closed'], enabled: [true, false] }],
    };
    expect(writeOpenMetricsBody([family])).toBe(
      lines(
        '# HELP door Door.',
        '# TYPE door stateset',
        'door{room="a",door="open"} 1',
        'door{room="a",door="closed"} 0',
      ),
    );
  });

  it("adds default labels after the series' own, letting series labels win", () => {
    const family: MetricFamily = {
      name: 'c',
      help: 'c',
      type: 'counter',
      points: [
        { ...labels(), value: 1, created: 0 },
        { ...labels({ env: 'dev' }), value: 2 },
      ],
    };
    const defaultLabels = labels({ service: 'api', env: 'prod' });
    expect(writeOpenMetricsBody([family], { defaultLabels, created: true })).toBe(
      lines(
        '# HELP c c',
        '# TYPE c counter',
        'c_total{service="api",env="prod"} 1',
        'c_created{service="api",env="prod"} 0',
        'c_total{env="dev",service="api"} 2',
      ),
    );
  });

  describe('exemplar length limit (128 code points of names plus values)', () => {
    it('keeps an exemplar of exactly 128 code points', () => {
      const value = 'x'.repeat(EXEMPLAR_MAX_CODE_POINTS - 8);
      const out = writeOpenMetricsBody([counterWithExemplar({ labels: { trace_id: value }, value: 1 })]);
      expect(out).toContain(`c_total 1 # {trace_id="${value}"} 1\n`);
    });

    it('drops an exemplar of 129 code points and keeps the sample', () => {
      const value = 'x'.repeat(EXEMPLAR_MAX_CODE_POINTS - 7);
      const out = writeOpenMetricsBody([counterWithExemplar({ labels: { trace_id: value }, value: 1 })]);
      expect(out).toContain('c_total 1\n');
      expect(out).not.toContain(' # {');
    });

    it('counts code points, not UTF-16 units: 127 emoji plus a 1-char name fit', () => {
      const value = '🎉'.repeat(127);
      expect(value.length).toBe(254);
      const out = writeOpenMetricsBody([counterWithExemplar({ labels: { a: value }, value: 1 })]);
      expect(out).toContain(`c_total 1 # {a="${value}"} 1\n`);
    });

    it('drops 128 emoji plus a name', () => {
      const out = writeOpenMetricsBody([counterWithExemplar({ labels: { a: '🎉'.repeat(128) }, value: 1 })]);
      expect(out).toContain('c_total 1\n');
      expect(out).not.toContain(' # {');
    });

    it('counts escaping-free lengths: quotes and backslashes count once', () => {
      const value = '"'.repeat(EXEMPLAR_MAX_CODE_POINTS - 1);
      const out = writeOpenMetricsBody([counterWithExemplar({ labels: { a: value }, value: 1 })]);
      expect(out).toContain(`c_total 1 # {a="${'\\"'.repeat(127)}"} 1\n`);
    });

    it('drops an exemplar with an invalid label name', () => {
      const out = writeOpenMetricsBody([counterWithExemplar({ labels: { 'bad-name': 'x' }, value: 1 })]);
      expect(out).toContain('c_total 1\n');
      expect(out).not.toContain(' # {');
    });
  });
});
