import {
  Counter,
  Enum,
  Gauge,
  Histogram,
  MetricConfigError,
  Registry,
  setNameValidationScheme,
} from 'promkit';
import { negotiate } from 'promkit/exposition';
import { writeProtobuf } from '../../lib/exposition';
import { describeWithTool } from '../support/external-tool';
import { promtool, promtoolCheckMetrics } from '../support/promtool';
import { all, decodeFamilies, one, protocDecoder, scalar } from '../support/protoc';

/** A registry with UTF-8 metric and label names next to legacy ones. */
function utf8Registry(): Registry {
  const registry = new Registry();
  const registers = [registry];
  new Counter({
    name: 'http.server.requests_total',
    help: 'Requests.',
    labelNames: ['http.method', 'code'],
    registers,
  }).inc({ 'http.method': 'GET', code: '200' }, 3);
  new Gauge({ name: 'queue_depth', help: 'Depth.', labelNames: ['queue.name'], registers }).set(
    { 'queue.name': 'mail' },
    5,
  );
  new Gauge({ name: 'legacy_temperature', help: 'Plain.', labelNames: ['zone'], registers }).set(
    { zone: 'eu' },
    1,
  );
  new Histogram({ name: 'rpc.duration', help: 'D.', buckets: [1], registers }).observe(0.5);
  new Enum({ name: 'worker.state', help: 'S.', states: ['idle', 'busy'], registers }).state('busy');
  return registry;
}

describe('UTF-8 metric and label names', () => {
  beforeEach(() => setNameValidationScheme('utf-8'));
  afterEach(() => setNameValidationScheme('legacy'));

  it('are refused unless opted in, with an error that says how to opt in', () => {
    setNameValidationScheme('legacy');
    const registry = new Registry();
    expect(() => new Gauge({ name: 'http.server.active', help: 'A', registers: [registry] })).toThrow(
      /Invalid metric name "http.server.active".*setNameValidationScheme\('utf-8'\)/,
    );
    expect(
      () => new Gauge({ name: 'active', help: 'A', labelNames: ['http.method'], registers: [registry] }),
    ).toThrow(MetricConfigError);
    expect(registry.getMetricsAsArray()).toEqual([]);
  });

  it('still refuse what no scheme allows: empty names, lone surrogates, reserved label names', () => {
    const registers: Registry[] = [];
    expect(() => new Gauge({ name: 'broken\ud800', help: 'B', registers })).toThrow(MetricConfigError);
    expect(() => new Gauge({ name: 'g', help: 'G', labelNames: [''], registers })).toThrow(MetricConfigError);
    expect(() => new Gauge({ name: 'g', help: 'G', labelNames: ['__reserved.x'], registers })).toThrow(
      /reserved/,
    );
    expect(
      () => new Gauge({ name: '日本語 🚀', help: 'G', labelNames: ['ラベル'], registers }),
    ).not.toThrow();
  });

  it('are quoted in text 1.0.0 for scrapers that allow UTF-8; legacy names are not', async () => {
    expect(await utf8Registry().metrics({ format: 'text', escaping: 'allow-utf-8' })).toBe(
      [
        '# HELP "http.server.requests_total" Requests.',
        '# TYPE "http.server.requests_total" counter',
        '{"http.server.requests_total","http.method"="GET",code="200"} 3',
        '',
        '# HELP queue_depth Depth.',
        '# TYPE queue_depth gauge',
        'queue_depth{"queue.name"="mail"} 5',
        '',
        '# HELP legacy_temperature Plain.',
        '# TYPE legacy_temperature gauge',
        'legacy_temperature{zone="eu"} 1',
        '',
        '# HELP "rpc.duration" D.',
        '# TYPE "rpc.duration" histogram',
        '{"rpc.duration_bucket",le="1"} 1',
        '{"rpc.duration_bucket",le="+Inf"} 1',
        '{"rpc.duration_sum"} 0.5',
        '{"rpc.duration_count"} 1',
        '',
        '# HELP "worker.state" S.',
        '# TYPE "worker.state" gauge',
        '{"worker.state","worker.state"="idle"} 0',
        '{"worker.state","worker.state"="busy"} 1',
        '',
      ].join('\n'),
    );
  });

  it('are quoted in OpenMetrics 1.0.0 too, the UNIT line included', async () => {
    const registry = new Registry();
    new Gauge({ name: 'disk.used', unit: 'bytes', help: 'U.', registers: [registry] }).set(7);
    expect(await registry.metrics({ format: 'openmetrics', escaping: 'allow-utf-8' })).toBe(
      [
        '# HELP "disk.used_bytes" U.',
        '# TYPE "disk.used_bytes" gauge',
        '# UNIT "disk.used_bytes" bytes',
        '{"disk.used_bytes"} 7',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('escape quotes, backslashes and newlines inside quoted names', async () => {
    const registry = new Registry();
    new Gauge({ name: 'say "hi"\\ \n', help: 'Q.', labelNames: ['a"b'], registers: [registry] }).set(
      { 'a"b': 'v' },
      1,
    );
    const text = await registry.metrics({ format: 'text', escaping: 'allow-utf-8' });
    expect(text).toContain('{"say \\"hi\\"\\\\ \\n","a\\"b"="v"} 1\n');
  });

  it.each([
    [
      'underscores',
      [
        'http_server_requests_total{http_method="GET",code="200"} 3',
        'queue_depth{queue_name="mail"} 5',
        'rpc_duration_bucket{le="1"} 1',
        'worker_state{worker_state="busy"} 1',
      ],
    ],
    [
      'dots',
      [
        'http_dot_server_dot_requests_total{http_dot_method="GET",code="200"} 3',
        'queue_depth{queue_dot_name="mail"} 5',
        'rpc_dot_duration_bucket{le="1"} 1',
        'worker_dot_state{worker_dot_state="busy"} 1',
      ],
    ],
    [
      'values',
      [
        'U__http_2e_server_2e_requests_total{U__http_2e_method="GET",code="200"} 3',
        'queue_depth{U__queue_2e_name="mail"} 5',
        'U__rpc_2e_duration_bucket{le="1"} 1',
        'U__worker_2e_state{U__worker_2e_state="busy"} 1',
      ],
    ],
  ] as const)(
    'are escaped with %s for scrapers that ask for it; legacy names never change',
    async (escaping, lines) => {
      const text = await utf8Registry().metrics({ format: 'text', escaping });
      for (const line of lines) expect(text).toContain(`${line}\n`);
      // `dots` doubles underscores only in names it has to escape.
      expect(text).toContain('legacy_temperature{zone="eu"} 1\n');
      expect(text).toContain('# TYPE queue_depth gauge\n');
    },
  );

  it('follow the escaping-scheme document’s examples', async () => {
    const registry = new Registry();
    for (const name of ['metric.name/with/slashes', 'metric.name.with.dots', 'metric.name']) {
      new Gauge({ name, help: 'E.', registers: [registry] }).set(1);
    }
    const names = async (escaping: 'underscores' | 'dots' | 'values') =>
      (await registry.metrics({ format: 'text', escaping }))
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('#'))
        .map((l) => l.split(' ')[0]);
    expect(await names('underscores')).toEqual([
      'metric_name_with_slashes',
      'metric_name_with_dots',
      'metric_name',
    ]);
    expect((await names('dots'))[1]).toBe('metric_dot_name_dot_with_dot_dots');
    expect((await names('values'))[2]).toBe('U__metric_2e_name');
  });

  it('escape with underscores by default, for scrapers that name no scheme (text 0.0.4)', async () => {
    const registry = utf8Registry();
    registry.setDefaultLabels({ 'service.name': 'api' });
    const { format, escaping } = negotiate('text/plain;version=0.0.4');
    const text = await registry.metrics({ format, escaping });
    expect(text).toContain('http_server_requests_total{http_method="GET",code="200",service_name="api"} 3\n');
    expect(await registry.metrics()).toBe(text);
  });

  describeWithTool(promtool, 'escaped for a legacy scraper', () => {
    it('passes promtool check metrics', async () => {
      const result = await promtoolCheckMetrics(await utf8Registry().metrics({ format: 'text' }));
      expect(result.stderr + result.stdout).toBe('');
      expect(result.code).toBe(0);
    });
  });

  describeWithTool(protocDecoder, 'in protobuf', () => {
    it('are written as they are for allow-utf-8 and escaped otherwise', async () => {
      const registry = utf8Registry();
      const names = async (escaping: 'allow-utf-8' | 'underscores') => {
        const families = await decodeFamilies(writeProtobuf(await registry.collect(), { escaping }));
        const counter = families[0];
        return [scalar(counter, 'name'), scalar(all(one(counter, 'metric'), 'label')[0], 'name')];
      };
      expect(await names('allow-utf-8')).toEqual(['http.server.requests_total', 'http.method']);
      expect(await names('underscores')).toEqual(['http_server_requests_total', 'http_method']);
    });
  });
});
