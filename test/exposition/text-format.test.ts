import { writeText } from '../../lib/exposition';
import type { MetricFamily } from '../../lib/model';
import { labels } from './fixtures';

function lines(...l: string[]): string {
  return l.map((line) => line + '\n').join('');
}

describe('writeText (Prometheus text 0.0.4)', () => {
  it('writes nothing for no families', () => {
    expect(writeText([])).toBe('');
  });

  it('counter: adds _total to a family without a text name, no _created, no exemplar; numbers as JavaScript writes them', () => {
    const family: MetricFamily = {
      name: 'jobs',
      help: 'Jobs processed.',
      type: 'counter',
      points: [
        {
          ...labels({ queue: 'q1' }),
          value: 5,
          created: 1_700_000_000_000,
          exemplar: { labels: { trace_id: 'x' }, value: 1 },
        },
        { ...labels({ queue: 'q2' }), value: 1.5e6 },
      ],
    };
    expect(writeText([family])).toBe(
      lines(
        '# HELP jobs_total Jobs processed.',
        '# TYPE jobs_total counter',
        'jobs_total{queue="q1"} 5',
        'jobs_total{queue="q2"} 1500000',
      ),
    );
  });

  it('counter: does not double an existing _total suffix', () => {
    const family: MetricFamily = {
      name: 'jobs_total',
      help: 'h',
      type: 'counter',
      points: [{ ...labels(), value: 1 }],
    };
    expect(writeText([family])).toBe(
      lines('# HELP jobs_total h', '# TYPE jobs_total counter', 'jobs_total 1'),
    );
  });

  it('gauge with timestamps in integer milliseconds', () => {
    const family: MetricFamily = {
      name: 'temperature_celsius',
      help: 'Temperature.',
      type: 'gauge',
      unit: 'celsius',
      points: [
        { ...labels(), value: -12.5, timestamp: 1_700_000_000_123 },
        { ...labels({ room: 'b' }), value: Number.NaN },
      ],
    };
    expect(writeText([family])).toBe(
      lines(
        '# HELP temperature_celsius Temperature.',
        '# TYPE temperature_celsius gauge',
        'temperature_celsius -12.5 1700000000123',
        'temperature_celsius{room="b"} NaN',
      ),
    );
  });

  it('unknown is written as untyped', () => {
    const family: MetricFamily = {
      name: 'thing',
      help: '',
      type: 'unknown',
      points: [{ ...labels(), value: Infinity }],
    };
    expect(writeText([family])).toBe(lines('# HELP thing ', '# TYPE thing untyped', 'thing +Inf'));
  });

  it('histogram: cumulative buckets with le first, as prom-client writes them, then _sum and _count', () => {
    const family: MetricFamily = {
      name: 'latency_seconds',
      help: 'Latency.',
      type: 'histogram',
      points: [
        {
          ...labels({ route: '/a' }),
          upperBounds: [0.1, 1, 1e6],
          bucketCounts: [2, 0, 3, 1],
          count: 6,
          sum: 7.5,
          created: 1,
          exemplars: [{ labels: { trace_id: 't' }, value: 0.05 }],
        },
        {
          ...labels(),
          upperBounds: [0.1, 1, 1e6],
          bucketCounts: [0, 0, 0, 0],
          count: 0,
          sum: 0,
          timestamp: 5000,
        },
      ],
    };
    expect(writeText([family])).toBe(
      lines(
        '# HELP latency_seconds Latency.',
        '# TYPE latency_seconds histogram',
        'latency_seconds_bucket{le="0.1",route="/a"} 2',
        'latency_seconds_bucket{le="1",route="/a"} 2',
        'latency_seconds_bucket{le="1000000",route="/a"} 5',
        'latency_seconds_bucket{le="+Inf",route="/a"} 6',
        'latency_seconds_sum{route="/a"} 7.5',
        'latency_seconds_count{route="/a"} 6',
        'latency_seconds_bucket{le="0.1"} 0 5000',
        'latency_seconds_bucket{le="1"} 0 5000',
        'latency_seconds_bucket{le="1000000"} 0 5000',
        'latency_seconds_bucket{le="+Inf"} 0 5000',
        'latency_seconds_sum 0 5000',
        'latency_seconds_count 0 5000',
      ),
    );
  });

  it('histogram with no finite bounds has only the +Inf bucket', () => {
    const family: MetricFamily = {
      name: 'h',
      help: 'h',
      type: 'histogram',
      points: [{ ...labels(), upperBounds: [], bucketCounts: [3], count: 3, sum: 1 }],
    };
    expect(writeText([family])).toBe(
      lines('# HELP h h', '# TYPE h histogram', 'h_bucket{le="+Inf"} 3', 'h_sum 1', 'h_count 3'),
    );
  });

  it('summary: quantile label first, then _sum and _count', () => {
    const family: MetricFamily = {
      name: 'rpc_seconds',
      help: 'RPC.',
      type: 'summary',
      points: [
        {
          ...labels({ svc: 'a' }),
          quantiles: [
            { quantile: 0, value: 0.001 },
            { quantile: 0.5, value: 0.02 },
            { quantile: 1, value: 3 },
          ],
          count: 10,
          sum: 4,
          created: 1,
        },
        { ...labels(), quantiles: [], count: 0, sum: 0 },
      ],
    };
    expect(writeText([family])).toBe(
      lines(
        '# HELP rpc_seconds RPC.',
        '# TYPE rpc_seconds summary',
        'rpc_seconds{quantile="0",svc="a"} 0.001',
        'rpc_seconds{quantile="0.5",svc="a"} 0.02',
        'rpc_seconds{quantile="1",svc="a"} 3',
        'rpc_seconds_sum{svc="a"} 4',
        'rpc_seconds_count{svc="a"} 10',
        'rpc_seconds_sum 0',
        'rpc_seconds_count 0',
      ),
    );
  });

  it('info is a gauge named <name>_info with value 1', () => {
    const family: MetricFamily = {
      name: 'build',
      help: 'Build info.',
      type: 'info',
      points: [{ ...labels({ version: '1.0', commit: 'abc' }) }],
    };
    expect(writeText([family])).toBe(
      lines(
        '# HELP build_info Build info.',
        '# TYPE build_info gauge',
        'build_info{version="1.0",commit="abc"} 1',
      ),
    );
  });

  it('stateset is a gauge with the family name as the state label', () => {
    const family: MetricFamily = {
      name: 'door',
      help: 'Door state.',
      type: 'stateset',
      points: [
        { ...labels({ room: 'a' }), states: ['open', 'closed'], enabled: [false, true] },
        { ...labels(), states: ['say "x"'], enabled: [true], timestamp: 10 },
      ],
    };
    expect(writeText([family])).toBe(
      lines(
        '# HELP door Door state.',
        '# TYPE door gauge',
        'door{room="a",door="open"} 0',
        'door{room="a",door="closed"} 1',
        'door{door="say \\"x\\""} 1 10',
      ),
    );
  });

  it('writes the header of a family without points', () => {
    const family: MetricFamily = { name: 'empty', help: 'None yet.', type: 'gauge', points: [] };
    expect(writeText([family])).toBe(lines('# HELP empty None yet.', '# TYPE empty gauge'));
  });

  it('escapes HELP (backslash, newline; quotes stay) and label values', () => {
    const family: MetricFamily = {
      name: 'g',
      help: 'a\\b\n"c"',
      type: 'gauge',
      points: [{ ...labels({ a: 'x"y', b: 'p\\q', c: 'l1\nl2', d: '', e: 'ünï 🎉' }), value: 1 }],
    };
    expect(writeText([family])).toBe(
      lines(
        '# HELP g a\\\\b\\n"c"',
        '# TYPE g gauge',
        'g{a="x\\"y",b="p\\\\q",c="l1\\nl2",d="",e="ünï 🎉"} 1',
      ),
    );
  });

  describe('default labels', () => {
    const defaults = labels({ service: 'api', env: 'prod"1' });

    it("go where prom-client puts them: after the own labels, before a histogram series' own labels, after le", () => {
      const families: MetricFamily[] = [
        { name: 'g', help: 'g', type: 'gauge', points: [{ ...labels(), value: 1 }] },
        {
          name: 'h',
          help: 'h',
          type: 'histogram',
          points: [{ ...labels({ r: 'x' }), upperBounds: [1], bucketCounts: [1, 0], count: 1, sum: 0.5 }],
        },
        {
          name: 's',
          help: 's',
          type: 'stateset',
          points: [{ ...labels(), states: ['a'], enabled: [true] }],
        },
      ];
      expect(writeText(families, { defaultLabels: defaults })).toBe(
        lines(
          '# HELP g g',
          '# TYPE g gauge',
          'g{service="api",env="prod\\"1"} 1',
          '',
          '# HELP h h',
          '# TYPE h histogram',
          'h_bucket{le="1",service="api",env="prod\\"1",r="x"} 1',
          'h_bucket{le="+Inf",service="api",env="prod\\"1",r="x"} 1',
          'h_sum{service="api",env="prod\\"1",r="x"} 0.5',
          'h_count{service="api",env="prod\\"1",r="x"} 1',
          '',
          '# HELP s s',
          '# TYPE s gauge',
          's{service="api",env="prod\\"1",s="a"} 1',
        ),
      );
    });

    it("give way to a series' own label of the same name", () => {
      const family: MetricFamily = {
        name: 'g',
        help: 'g',
        type: 'gauge',
        points: [
          { ...labels({ path: '/', env: 'dev' }), value: 1 },
          { ...labels({ service: 'worker', env: 'dev' }), value: 2 },
        ],
      };
      expect(writeText([family], { defaultLabels: defaults })).toBe(
        lines(
          '# HELP g g',
          '# TYPE g gauge',
          'g{path="/",env="dev",service="api"} 1',
          'g{service="worker",env="dev"} 2',
        ),
      );
    });

    it('an empty default label set changes nothing', () => {
      const family: MetricFamily = {
        name: 'g',
        help: 'g',
        type: 'gauge',
        points: [{ ...labels(), value: 1 }],
      };
      expect(writeText([family], { defaultLabels: labels() })).toBe(writeText([family]));
    });
  });

  it('produces identical output for repeated scrapes of shared bounds arrays', () => {
    const bounds = [0.25, 0.5];
    const family: MetricFamily = {
      name: 'h',
      help: 'h',
      type: 'histogram',
      points: [
        { ...labels({ a: '1' }), upperBounds: bounds, bucketCounts: [1, 1, 1], count: 3, sum: 1 },
        { ...labels({ a: '2' }), upperBounds: bounds, bucketCounts: [0, 1, 0], count: 1, sum: 0.4 },
      ],
    };
    const first = writeText([family]);
    expect(writeText([family])).toBe(first);
    expect(first).toContain('h_bucket{le="0.25",a="2"} 0\nh_bucket{le="0.5",a="2"} 1\n');
  });
});
