import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge, Pushgateway, Registry } from 'promkit';
import { JsonStatusCollector } from '../../lib/export';

type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Writes 64 KiB chunks until the client goes away. */
function endless(res: http.ServerResponse, chunk = Buffer.alloc(64 * 1024, 0x20)): void {
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
}

/** One byte every 50 ms, forever. */
function drip(res: http.ServerResponse): void {
  const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 50);
  res.on('close', () => clearInterval(timer));
}

const DEEP = 100_000;

/** Everything a status endpoint or a gateway could do to a client, by path. */
const BEHAVIOURS: Record<string, Behaviour> = {
  '/ok': (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"queue": 3}'),
  '/huge': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"padding": "');
    endless(res);
  },
  '/declared-huge': (_req, res) => {
    res.writeHead(200, { 'Content-Length': String(8 * 1024 ** 3) });
    res.write('{');
  },
  '/slow-drip': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    drip(res);
  },
  '/deep-arrays': (_req, res) => res.writeHead(200).end('['.repeat(DEEP) + ']'.repeat(DEEP)),
  '/deep-objects': (_req, res) => res.writeHead(200).end('{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP)),
  '/html': (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>down</html>'),
  '/redirect': (_req, res) => res.writeHead(302, { Location: '/ok' }).end(),
  '/truncated': (_req, res) => {
    res.writeHead(200, { 'Content-Length': '100' });
    res.write('{"queue": ');
    setTimeout(() => res.socket?.destroy(), 20);
  },
  '/reset': (req) => req.socket.destroy(),
};

class HostileServer {
  private readonly server = http.createServer((req, res) => {
    req.resume();
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/\/metrics\/job\/.*$/, '');
    (BEHAVIOURS[path] ?? BEHAVIOURS['/ok'])(req, res);
  });
  base = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('the JSON exporter against a hostile target', () => {
  const target = new HostileServer();
  beforeAll(() => target.start());
  afterAll(() => target.close());

  async function scrapeOnce(path: string, options: { maxBodyBytes?: number; timeoutMs?: number } = {}) {
    const registry = new Registry(undefined, { strict: true });
    const logs: string[] = [];
    registry.registerCollector(
      new JsonStatusCollector({
        target: target.base + path,
        autoExport: true,
        timeoutMs: 500,
        logger: { warn: (m: string) => logs.push(m) },
        ...options,
      }),
    );
    const text = await registry.metrics();
    const reasons = [...text.matchAll(/^app_scrape_errors_total\{reason="(\w+)"\} 1$/gm)].map((m) => m[1]);
    return { up: await registry.getSampleValue('app_up'), reasons, logs, text };
  }

  it.each([
    ['/huge', 'too_large'],
    ['/declared-huge', 'too_large'],
    ['/slow-drip', 'timeout'],
    ['/deep-arrays', 'invalid_json'],
    ['/deep-objects', 'invalid_json'],
    ['/html', 'invalid_json'],
    ['/redirect', 'http_status'],
    ['/truncated', 'connection'],
    ['/reset', 'connection'],
  ])('%s: app_up 0, counted as %s, logged', async (path, reason) => {
    const started = performance.now();
    // Reading 16 MiB (the default cap) can outlast 500 ms on a loaded machine: give it room,
    // so the case shows the cap rather than the deadline.
    const result = await scrapeOnce(path, path === '/huge' ? { timeoutMs: 4000 } : {});
    expect(result.up).toBe(0);
    expect(result.reasons).toEqual([reason]);
    expect(result.logs).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('stops reading a huge body at the configured cap', async () => {
    const result = await scrapeOnce('/huge', { maxBodyBytes: 1024 });
    expect(result.reasons).toEqual(['too_large']);
    expect(result.logs[0]).toContain('the response body is larger than 1024 bytes');
  });

  it('reads a document nested as deep as a status page plausibly goes', async () => {
    const nested = `${'{"a":'.repeat(100)}7${'}'.repeat(100)}`;
    BEHAVIOURS['/nested'] = (_req, res) => res.writeHead(200).end(nested);
    const result = await scrapeOnce('/nested');
    expect(result.up).toBe(1);
    expect(result.text).toContain(`app_${'a_'.repeat(99)}a 7\n`);
  });

  it('comes back up once the target answers properly', async () => {
    expect((await scrapeOnce('/ok')).up).toBe(1);
  });
});

describe('the Pushgateway client against a hostile gateway', () => {
  const gateway = new HostileServer();
  beforeAll(() => gateway.start());
  afterAll(() => gateway.close());

  function pushTo(path: string, options: Pushgateway.Options = {}) {
    const registry = new Registry();
    new Gauge({ name: 'batch_done', help: 'd', registers: [registry] }).set(1);
    return new Pushgateway(gateway.base + path, { timeout: 500, ...options }, registry).push({
      jobName: 'j',
    });
  }

  it.each([
    [
      '/huge',
      /ResponseTooLargeError: PUT http:\/\/127\.0\.0\.1:\d+\/huge\/metrics\/job\/j: the response body is larger than 16777216 bytes/,
    ],
    ['/declared-huge', /ResponseTooLargeError/],
    ['/redirect', /PushgatewayError: push failed with status 302/],
    ['/truncated', /closed before the response ended|aborted|socket hang up/],
    ['/reset', /socket hang up|ECONNRESET/],
  ])('%s: the push rejects with a reported error', async (path, error) => {
    await expect(pushTo(path).catch((e) => Promise.reject(String(e)))).rejects.toMatch(error);
  });

  it('/slow-drip: the push gives up at its deadline', async () => {
    const started = performance.now();
    await expect(pushTo('/slow-drip')).rejects.toThrow('Pushgateway request timed out');
    expect(performance.now() - started).toBeLessThan(15_000);
  }, 20_000);

  it.each(['/html', '/deep-arrays', '/deep-objects'])(
    '%s: an answer it has no use for is read, not parsed, and the push succeeds',
    async (path) => {
      const { resp, body } = await pushTo(path);
      expect(resp.statusCode).toBe(200);
      expect(String(body).length).toBeGreaterThan(0);
    },
  );

  it('still pushes to a gateway that answers properly', async () => {
    expect((await pushTo('/ok')).resp.statusCode).toBe(200);
  });
});
