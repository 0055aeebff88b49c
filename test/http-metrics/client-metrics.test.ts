import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HttpClientMetricsOptions, instrumentHttpClients, Registry, register } from 'promkit';
import type { HttpClientInstrumentation } from '../../lib/http-metrics';
import { freePort } from '../support/free-port';
import { waitFor } from '../support/wait-for';

/** A local server: /ok 200, /missing 404, /unavailable 503, /slow after 60 ms, /hang until released, upgrades. */
class TargetServer {
  private readonly server: http.Server;
  private hanging: http.ServerResponse[] = [];
  host = '';

  constructor() {
    this.server = http.createServer((req, res) => {
      const status = { '/ok': 200, '/missing': 404, '/unavailable': 503 }[req.url ?? ''];
      if (status !== undefined) {
        res.statusCode = status;
        res.end('answer');
      } else if (req.url === '/slow') setTimeout(() => res.end('late'), 60);
      else if (req.url === '/hang') this.hanging.push(res);
      else res.end();
    });
    this.server.on('upgrade', (_req, socket) => {
      socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n');
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.host = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  url(path: string, host = this.host): string {
    return `http://${host}${path}`;
  }

  hangingCount(): number {
    return this.hanging.length;
  }

  release(): void {
    for (const res of this.hanging.splice(0)) res.end('released');
  }

  async stop(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

function httpGet(url: string, options: http.RequestOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, options, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
  });
}

async function fetchStatus(url: string, init: RequestInit = {}): Promise<number> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000), ...init });
  await response.arrayBuffer();
  return response.status;
}

const target = new TargetServer();
let instrumentation: HttpClientInstrumentation | undefined;
let registry: Registry;

function instrument(options: HttpClientMetricsOptions = {}): void {
  instrumentation = instrumentHttpClients({ registry, ...options });
}

function durationCount(labels: Record<string, string>): Promise<number | undefined> {
  return registry.getSampleValue('http_client_request_duration_seconds_count', labels);
}

async function seriesOf(name: string): Promise<string[]> {
  return (await registry.getSamples())
    .filter((s) => s.name === name)
    .map((s) => `${Object.values(s.labels).join(' ')} x${s.value}`)
    .sort();
}

beforeAll(() => target.start());
afterAll(() => target.stop());
beforeEach(() => {
  registry = new Registry();
});
afterEach(() => {
  instrumentation?.stop();
  instrumentation = undefined;
  target.release();
});

describe.each([
  ['fetch', (url: string) => fetchStatus(url)],
  ['http.get', (url: string) => httpGet(url)],
])('outgoing requests made with %s', (_client, get) => {
  it('are timed by host, method and status code', async () => {
    instrument();
    expect(await get(target.url('/ok'))).toBe(200);
    expect(await get(target.url('/ok'))).toBe(200);
    expect(await get(target.url('/missing'))).toBe(404);
    expect(await get(target.url('/unavailable'))).toBe(503);
    expect(await get(target.url('/slow'))).toBe(200);
    const host = target.host;
    expect(await seriesOf('http_client_request_duration_seconds_count')).toEqual([
      `${host} GET 200 x3`,
      `${host} GET 404 x1`,
      `${host} GET 503 x1`,
    ]);
    const sum = await registry.getSampleValue('http_client_request_duration_seconds_sum', {
      host,
      method: 'GET',
      status_code: '200',
    });
    expect(sum).toBeGreaterThanOrEqual(0.05);
    expect(await registry.getSampleValue('http_client_requests_in_flight', { host })).toBe(0);
  });

  it('count a request in flight until its response headers arrive', async () => {
    instrument();
    const pending = get(target.url('/hang'));
    await waitFor(async () => (target.hangingCount() === 1 ? true : undefined), {
      what: 'the request to reach the server',
      timeoutMs: 5000,
    });
    expect(await registry.getSampleValue('http_client_requests_in_flight', { host: target.host })).toBe(1);
    target.release();
    expect(await pending).toBe(200);
    expect(await registry.getSampleValue('http_client_requests_in_flight', { host: target.host })).toBe(0);
  });

  it('count a refused connection as an error, not a response', async () => {
    instrument();
    const closed = `127.0.0.1:${await freePort()}`;
    await expect(get(target.url('/ok', closed))).rejects.toThrow();
    expect(await seriesOf('http_client_request_errors_total')).toEqual([`${closed} GET ECONNREFUSED x1`]);
    expect(await seriesOf('http_client_request_duration_seconds_count')).toEqual([]);
    expect(await registry.getSampleValue('http_client_requests_in_flight', { host: closed })).toBe(0);
  });
});

describe('outgoing request metrics', () => {
  it('label the method, and the reason of aborts and timeouts', async () => {
    instrument();
    expect(await fetchStatus(target.url('/ok'), { method: 'POST', body: 'x' })).toBe(200);
    const abort = new AbortController();
    const aborted = fetch(target.url('/hang'), { signal: abort.signal }).catch((e: Error) => e.name);
    await waitFor(async () => (target.hangingCount() === 1 ? true : undefined), {
      what: 'the request to reach the server',
      timeoutMs: 5000,
    });
    abort.abort();
    expect(await aborted).toBe('AbortError');
    const timedOut = await fetch(target.url('/hang'), { signal: AbortSignal.timeout(50) }).catch(
      (e: Error) => e.name,
    );
    expect(timedOut).toBe('TimeoutError');
    const destroyed = await new Promise<string>((resolve) => {
      const request = http.get(target.url('/hang'));
      request.on('error', (error: NodeJS.ErrnoException) => resolve(String(error.code)));
      setTimeout(() => request.destroy(), 50);
    });
    expect(destroyed).toBe('ECONNRESET');
    const host = target.host;
    expect(await seriesOf('http_client_request_errors_total')).toEqual([
      `${host} GET AbortError x1`,
      `${host} GET ECONNRESET x1`,
      `${host} GET TimeoutError x1`,
    ]);
    expect(await durationCount({ host, method: 'POST', status_code: '200' })).toBe(1);
    expect(await registry.getSampleValue('http_client_requests_in_flight', { host })).toBe(0);
  });

  it('map hosts through hostLabel, which can also leave hosts out', async () => {
    const port = target.host.split(':')[1];
    instrument({ hostLabel: (host) => (host.startsWith('localhost') ? undefined : 'loopback') });
    await fetchStatus(target.url('/ok'));
    await fetchStatus(target.url('/ok', `localhost:${port}`));
    await httpGet(target.url('/ok', `localhost:${port}`));
    expect(await seriesOf('http_client_request_duration_seconds_count')).toEqual(['loopback GET 200 x1']);
  });

  it('bound the number of hosts: past maxHosts, new hosts share <other>', async () => {
    const port = target.host.split(':')[1];
    instrument({ maxHosts: 1 });
    await fetchStatus(target.url('/ok'));
    await fetchStatus(target.url('/ok', `localhost:${port}`));
    await httpGet(target.url('/ok', `localhost:${port}`));
    await fetchStatus(target.url('/ok'));
    expect(await seriesOf('http_client_request_duration_seconds_count')).toEqual([
      `${target.host} GET 200 x2`,
      '<other> GET 200 x2',
    ]);
  });

  it('measure only the clients asked for', async () => {
    instrument({ clients: ['http'] });
    await fetchStatus(target.url('/ok'));
    await httpGet(target.url('/missing'));
    expect(await seriesOf('http_client_request_duration_seconds_count')).toEqual([
      `${target.host} GET 404 x1`,
    ]);
  });

  it('leave an upgraded http request out of the in-flight gauge without timing it', async () => {
    instrument();
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(target.url('/'), { headers: { Connection: 'Upgrade', Upgrade: 'test' } });
      request.on('upgrade', (response, socket) => {
        socket.destroy();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(101);
    await waitFor(
      async () =>
        (await registry.getSampleValue('http_client_requests_in_flight', { host: target.host })) === 0
          ? true
          : undefined,
      { what: 'the upgraded request to leave the in-flight gauge', timeoutMs: 5000 },
    );
    expect(await seriesOf('http_client_request_duration_seconds_count')).toEqual([]);
    expect(await seriesOf('http_client_request_errors_total')).toEqual([]);
  });

  it('stop when told, and refuse to feed the same metrics twice at once', async () => {
    instrument();
    expect(() => instrumentHttpClients({ registry })).toThrow(/already fed by instrumentHttpClients\(\)/);
    await fetchStatus(target.url('/ok'));
    instrumentation?.stop();
    await fetchStatus(target.url('/ok'));
    await httpGet(target.url('/ok'));
    expect(await durationCount({ host: target.host, method: 'GET', status_code: '200' })).toBe(1);
    instrument();
    await fetchStatus(target.url('/ok'));
    expect(await durationCount({ host: target.host, method: 'GET', status_code: '200' })).toBe(2);
  });

  it('never throw into the app: a failing measurement is counted and the request goes on', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const errors = () =>
      register.getSampleValue('promkit_instrumentation_errors_total', {
        metric: 'http_client_request_duration_seconds',
      });
    const before = (await errors()) ?? 0;
    try {
      instrument({
        hostLabel: () => {
          throw new Error('broken mapping');
        },
      });
      expect(await fetchStatus(target.url('/ok'))).toBe(200);
      expect(await httpGet(target.url('/ok'))).toBe(200);
      expect(await errors()).toBe(before + 2);
    } finally {
      warn.mockRestore();
    }
  });
});
