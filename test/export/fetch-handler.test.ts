import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { metricsFetchHandler, metricsHandler, Registry } from 'promkit';
import { request } from './http-fetch';
import { sampleRegistry } from './sample-registry';

const OPENMETRICS = 'application/openmetrics-text; version=1.0.0';
const PROTOBUF =
  'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,text/plain;version=0.0.4;q=0.5';
const AUTH = { username: 'prometheus', password: 's3cret' };
const GOOD = `Basic ${Buffer.from('prometheus:s3cret').toString('base64')}`;

/** A scrape as both endpoints are asked it: method, path with query, headers. */
interface Ask {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
}

const asks: [string, Ask][] = [
  ['text by default', {}],
  ['OpenMetrics', { headers: { Accept: OPENMETRICS } }],
  ['protobuf, gzipped', { headers: { Accept: PROTOBUF, 'Accept-Encoding': 'gzip' } }],
  ['gzip', { headers: { 'Accept-Encoding': 'gzip, deflate' } }],
  ['gzip refused', { headers: { 'Accept-Encoding': 'gzip;q=0' } }],
  ['name[] filter', { path: '/metrics?name[]=requests_total' }],
  ['HEAD', { method: 'HEAD' }],
  ['POST', { method: 'POST' }],
  ['no credentials', { headers: { Authorization: '' } }],
  ['wrong credentials', { headers: { Authorization: 'Basic d3Jvbmc6d3Jvbmc=' } }],
  ['wrong scheme', { headers: { Authorization: GOOD.replace('Basic', 'Bearer') } }],
];

/** What a client sees of an answer, the body decoded as it was sent. */
function seen(status: number, header: (name: string) => string | undefined, raw: Buffer) {
  const headers = Object.fromEntries(
    ['content-type', 'content-encoding', 'content-length', 'vary', 'allow', 'www-authenticate', 'retry-after']
      .map((name) => [name, header(name)])
      .filter(([, value]) => value !== undefined),
  );
  const body = headers['content-encoding'] === 'gzip' && raw.length > 0 ? gunzipSync(raw) : raw;
  return { status, headers, body: body.toString('latin1') };
}

describe('metricsFetchHandler answers as metricsHandler does', () => {
  let server: http.Server;
  let base: string;
  const registry = sampleRegistry();
  const options = { auth: AUTH };
  const handle = metricsFetchHandler({ registry, ...options });

  beforeAll(async () => {
    server = http.createServer(metricsHandler(registry, options));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(asks)('%s', async (_name, ask) => {
    const path = ask.path ?? '/metrics';
    const method = ask.method ?? 'GET';
    const headers = { Authorization: GOOD, ...ask.headers };
    const viaNode = await request(`${base}${path}`, { method, headers });
    const nodeSeen = seen(viaNode.status, (n) => viaNode.headers[n] as string | undefined, viaNode.raw);

    const response = await handle(new Request(`http://example.test${path}`, { method, headers }));
    const fetchSeen = seen(
      response.status,
      (n) => response.headers.get(n) ?? undefined,
      Buffer.from(await response.arrayBuffer()),
    );
    expect(fetchSeen).toEqual(nodeSeen);
  });
});

describe('metricsFetchHandler', () => {
  it('serves the global registry when given none', async () => {
    const response = await metricsFetchHandler()(new Request('http://example.test/metrics'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
  });

  it('answers 503 past maxInFlight, at once, and serves again once the scrape in flight ends', async () => {
    const registry = new Registry();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    registry.registerCollector({ collect: () => held.then(() => []) });
    const handle = metricsFetchHandler({ registry, maxInFlight: 1 });
    const first = handle(new Request('http://example.test/metrics'));
    const second = await handle(new Request('http://example.test/metrics'));
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('1');
    release();
    expect((await first).status).toBe(200);
    expect((await handle(new Request('http://example.test/metrics'))).status).toBe(200);
  });

  it('answers 500 with the reason when a strict registry fails to collect', async () => {
    const registry = new Registry(undefined, { strict: true });
    registry.registerCollector({ collect: () => Promise.reject(new Error('queue stats unavailable')) });
    const response = await metricsFetchHandler({ registry })(new Request('http://example.test/metrics'));
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('queue stats unavailable');
  });

  it('refuses bad options at the call, naming the option and what it takes', () => {
    expect(() => metricsFetchHandler({ maxInFlight: 0 })).toThrow(
      /metricsFetchHandler\(\): maxInFlight .*1 or more/,
    );
    expect(() => metricsFetchHandler({ registry: {} as Registry })).toThrow(
      /metricsFetchHandler\(\): registry .*a Registry/,
    );
    expect(() => metricsFetchHandler({ gzipp: false } as never)).toThrow(/did you mean "gzip"/);
  });
});
