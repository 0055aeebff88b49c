import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startJsonExporter } from 'promkit';
import {
  type JsonExporterHandle,
  JsonMappingError,
  type JsonMetricMapping,
  parseMapping,
} from '../../lib/export';
import { request } from './http-fetch';

type Responder = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A status service whose answer each test chooses. */
class FakeStatusService {
  respond: Responder = (_req, res) => res.writeHead(200).end('{}');
  private readonly server = http.createServer((req, res) => this.respond(req, res));

  serveJson(document: unknown): void {
    this.respond = (_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(document));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/status`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const STATUS = { current_requests: 10, pending_requests: 2, total_uptime: 25.99, health: 'healthy' };

const MAPPING: JsonMetricMapping[] = [
  { field: 'current_requests', metric: 'app_requests_current', type: 'gauge', help: 'Requests now' },
  { field: 'pending_requests', metric: 'app_requests_pending', type: 'gauge' },
  { field: 'total_uptime', metric: 'app_uptime', type: 'gauge' },
  { field: 'health', metric: 'app_health', type: 'stateset', states: ['healthy', 'unhealthy'] },
];

/** The sample lines of a scrape for these metric names (comments and other metrics left out). */
function linesOf(text: string, ...prefixes: string[]): string[] {
  return text.split('\n').filter((l) => !l.startsWith('#') && prefixes.some((p) => l.startsWith(p)));
}

describe('startJsonExporter', () => {
  const status = new FakeStatusService();
  let target: string;
  const exporters: JsonExporterHandle[] = [];

  beforeAll(async () => {
    target = await status.start();
  });
  afterEach(async () => {
    for (const e of exporters.splice(0)) await e.close();
  });
  afterAll(() => status.close());

  async function scrape(options: Partial<Parameters<typeof startJsonExporter>[0]> = {}): Promise<string> {
    const exporter = await startJsonExporter({
      target,
      mapping: MAPPING,
      host: '127.0.0.1',
      port: 0,
      ...options,
    });
    exporters.push(exporter);
    return (await request(exporter.url)).text;
  }

  it('maps numbers to gauges and a string to a state set, with runtime metrics alongside', async () => {
    status.serveJson(STATUS);
    const text = await scrape();
    expect(linesOf(text, 'app_')).toEqual([
      'app_up 1',
      'app_requests_current 10',
      'app_requests_pending 2',
      'app_uptime 25.99',
      'app_health{app_health="healthy"} 1',
      'app_health{app_health="unhealthy"} 0',
      'app_scrape_errors_total{reason="connection"} 0',
      'app_scrape_errors_total{reason="timeout"} 0',
      'app_scrape_errors_total{reason="http_status"} 0',
      'app_scrape_errors_total{reason="too_large"} 0',
      'app_scrape_errors_total{reason="invalid_json"} 0',
      'app_scrape_errors_total{reason="missing_field"} 0',
      'app_scrape_errors_total{reason="wrong_type"} 0',
    ]);
    expect(text).toContain('# HELP app_requests_current Requests now');
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
  });

  it('reads nested fields, counters and info, and fetches fresh at every scrape', async () => {
    const mapping: JsonMetricMapping[] = [
      { field: 'db.connections.active', metric: 'db_connections_active', type: 'gauge' },
      { field: 'served', metric: 'served_total', type: 'counter' },
      { field: 'build', metric: 'build_info', type: 'info' },
    ];
    status.serveJson({
      db: { connections: { active: 3 } },
      served: 100,
      build: { version: '1.2.3', commit: 'abc' },
    });
    const exporter = await startJsonExporter({ target, mapping, host: '127.0.0.1', defaultMetrics: false });
    exporters.push(exporter);
    const first = (await request(exporter.url)).text;
    expect(linesOf(first, 'db_', 'served', 'build')).toEqual([
      'db_connections_active 3',
      'served_total 100',
      'build_info{version="1.2.3",commit="abc"} 1',
    ]);
    status.serveJson({
      db: { connections: { active: 4 } },
      served: 101,
      build: { version: '1.2.4', commit: 'abd' },
    });
    const second = (await request(exporter.url)).text;
    expect(linesOf(second, 'db_', 'served')).toEqual(['db_connections_active 4', 'served_total 101']);
    expect(second).not.toMatch(/^process_/m);
  });

  it('takes every option of the metrics server, the scrape options too', async () => {
    status.serveJson(STATUS);
    const exporter = await startJsonExporter({
      target,
      mapping: MAPPING,
      host: '127.0.0.1',
      defaultMetrics: false,
      gzip: false,
      openMetrics: false,
      protobuf: false,
      maxInFlight: 1,
    });
    exporters.push(exporter);
    const answer = await request(exporter.url, {
      headers: {
        accept:
          'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0',
        'accept-encoding': 'gzip',
      },
    });
    expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(linesOf(answer.text, 'app_requests_current')).toEqual(['app_requests_current 10']);
  });

  it('drops only a missing or wrongly typed field and counts why', async () => {
    status.serveJson({ current_requests: 'ten', total_uptime: 5, health: 'sleeping' });
    const text = await scrape();
    expect(linesOf(text, 'app_up ', 'app_requests', 'app_uptime', 'app_health')).toEqual([
      'app_up 1',
      'app_uptime 5',
    ]);
    expect(text).toContain('app_scrape_errors_total{reason="missing_field"} 1');
    // "ten" is not a number and "sleeping" is not a declared state.
    expect(text).toContain('app_scrape_errors_total{reason="wrong_type"} 2');
  });

  it.each([
    ['invalid_json', ((_req, res) => res.writeHead(200).end('{"current_requests": 1,')) as Responder],
    ['http_status', ((_req, res) => res.writeHead(503).end('{}')) as Responder],
  ])('exports up 0 and counts %s without stale values', async (reason, responder) => {
    status.serveJson(STATUS);
    const exporter = await startJsonExporter({
      target,
      mapping: MAPPING,
      host: '127.0.0.1',
      logger: { warn() {} },
    });
    exporters.push(exporter);
    expect((await request(exporter.url)).text).toContain('app_requests_current 10');
    status.respond = responder;
    const text = (await request(exporter.url)).text;
    expect(linesOf(text, 'app_up ', 'app_requests', 'app_health')).toEqual(['app_up 0']);
    expect(text).toContain(`app_scrape_errors_total{reason="${reason}"} 1`);
    expect(text).toMatch(/^process_cpu_user_seconds_total/m);
  });

  it('times out on a slow target and recovers when it answers again', async () => {
    const warnings: string[] = [];
    status.respond = () => {}; // never answers
    const exporter = await startJsonExporter({
      target,
      mapping: MAPPING,
      host: '127.0.0.1',
      timeoutMs: 200,
      logger: { warn: (m) => warnings.push(m) },
    });
    exporters.push(exporter);
    const slow = (await request(exporter.url)).text;
    expect(linesOf(slow, 'app_up ')).toEqual(['app_up 0']);
    expect(slow).toContain('app_scrape_errors_total{reason="timeout"} 1');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/\/status is down \(timeout\).*200 ms/);

    status.serveJson(STATUS);
    const recovered = (await request(exporter.url)).text;
    expect(linesOf(recovered, 'app_up ', 'app_requests_current')).toEqual([
      'app_up 1',
      'app_requests_current 10',
    ]);
    expect(recovered).toContain('app_scrape_errors_total{reason="timeout"} 1');
  });

  it('reports a target that is down', async () => {
    const gone = new FakeStatusService();
    const goneUrl = await gone.start();
    await gone.close();
    const text = await scrape({ target: goneUrl, logger: { warn() {} } });
    expect(linesOf(text, 'app_up ', 'app_requests')).toEqual(['app_up 0']);
    expect(text).toContain('app_scrape_errors_total{reason="connection"} 1');
  });

  it('auto-exports unmapped numbers under the prefix', async () => {
    status.serveJson({ ...STATUS, queue: { depth: 4, name: 'main', paused: false }, 'cache-hits': 9 });
    const text = await scrape({
      prefix: 'svc',
      autoExport: true,
      mapping: MAPPING.slice(0, 1),
      defaultMetrics: false,
    });
    expect(linesOf(text, 'svc_', 'app_')).toEqual([
      'svc_up 1',
      'app_requests_current 10',
      'svc_pending_requests 2',
      'svc_total_uptime 25.99',
      'svc_queue_depth 4',
      'svc_cache_hits 9',
      'svc_scrape_errors_total{reason="connection"} 0',
      'svc_scrape_errors_total{reason="timeout"} 0',
      'svc_scrape_errors_total{reason="http_status"} 0',
      'svc_scrape_errors_total{reason="too_large"} 0',
      'svc_scrape_errors_total{reason="invalid_json"} 0',
      'svc_scrape_errors_total{reason="missing_field"} 0',
      'svc_scrape_errors_total{reason="wrong_type"} 0',
    ]);
  });
});

describe('parseMapping', () => {
  it('accepts the documented shape and a bare list', () => {
    expect(parseMapping({ metrics: MAPPING })).toEqual(parseMapping(MAPPING));
  });

  it.each([
    [{ metrics: [{ metric: 'a', type: 'gauge' }] }, 'metrics[0]: "field" must be a non-empty path'],
    [
      { metrics: [{ field: 'x', metric: 'bad name', type: 'gauge' }] },
      'field "x"): "metric" must be a valid metric name',
    ],
    [
      { metrics: [{ field: 'x', metric: 'a', type: 'histogram' }] },
      '"type" must be one of gauge, counter, stateset, info',
    ],
    [{ metrics: [{ field: 'h', metric: 'h', type: 'stateset' }] }, 'a stateset needs "states"'],
    [{ metrics: [MAPPING[0], MAPPING[0]] }, 'metric "app_requests_current" is mapped twice'],
    [{ nope: [] }, 'expected {"metrics": [...]}'],
  ])('rejects %j naming the problem', (document, message) => {
    expect(() => parseMapping(document, 'map.json')).toThrow(JsonMappingError);
    expect(() => parseMapping(document, 'map.json')).toThrow(message);
  });
});
