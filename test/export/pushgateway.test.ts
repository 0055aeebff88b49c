import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import { Counter, Gauge, Histogram, Pushgateway, PushgatewayError, Registry } from 'promkit';
import { PushgatewayTimeoutError } from '../../lib/export';
import { describeWithTool } from '../support/external-tool';
import { pushgatewayTool, type RunningPushgateway, startPushgateway } from '../support/pushgateway';
import { waitFor } from '../support/wait-for';

interface Series {
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** The series of one metric as the gateway itself exposes them. */
async function readBack(gatewayUrl: string, name: string): Promise<Series[]> {
  const text = await (await fetch(`${gatewayUrl}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const out: Series[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const [, k, v] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[k] = v.replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
    }
    out.push({ labels, value: Number(match[3]) });
  }
  return out;
}

/** A DELETE is only queued (202 Accepted), so its effect is awaited, within a bound. */
function gone(gatewayUrl: string, name: string): Promise<true> {
  return waitFor(async () => ((await readBack(gatewayUrl, name)).length === 0 ? true : undefined), {
    what: `${name} to leave the gateway`,
    timeoutMs: 5000,
    intervalMs: 50,
  });
}

function registryWith(values: Record<string, number>): Registry {
  const registry = new Registry();
  for (const [name, value] of Object.entries(values)) {
    new Gauge({ name, help: `${name} help`, registers: [registry] }).set(value);
  }
  return registry;
}

describeWithTool(pushgatewayTool, 'Pushgateway against the real gateway', () => {
  let gateway: RunningPushgateway;

  beforeAll(async () => {
    gateway = await startPushgateway();
  });
  afterAll(() => gateway?.stop());

  it('push replaces the group, pushAdd adds to it, delete removes it', async () => {
    const job = 'batch_replace';
    const first = new Pushgateway(gateway.url, {}, registryWith({ pg_first: 1, pg_second: 2 }));
    const result = await first.push({ jobName: job });
    expect((result.resp as http.IncomingMessage).statusCode).toBe(200);
    expect(await readBack(gateway.url, 'pg_second')).toEqual([{ labels: { instance: '', job }, value: 2 }]);

    // PUT again without pg_second: the whole group is replaced.
    await new Pushgateway(gateway.url, {}, registryWith({ pg_first: 10 })).push({ jobName: job });
    expect(await readBack(gateway.url, 'pg_first')).toEqual([{ labels: { instance: '', job }, value: 10 }]);
    expect(await readBack(gateway.url, 'pg_second')).toEqual([]);

    // POST only replaces the names it carries.
    await new Pushgateway(gateway.url, {}, registryWith({ pg_third: 3 })).pushAdd({ jobName: job });
    expect((await readBack(gateway.url, 'pg_first'))[0]?.value).toBe(10);
    expect((await readBack(gateway.url, 'pg_third'))[0]?.value).toBe(3);

    const deleted = await first.delete({ jobName: job });
    expect((deleted.resp as http.IncomingMessage).statusCode).toBe(202);
    await gone(gateway.url, 'pg_first');
    expect(await readBack(gateway.url, 'pg_third')).toEqual([]);
  });

  it('carries grouping values with slashes, spaces, unicode and empty values, and a job with a slash', async () => {
    const registry = new Registry();
    new Counter({ name: 'pg_grouped', help: 'grouped', registers: [registry] }).inc(5);
    const pusher = new Pushgateway(gateway.url, {}, registry);
    const groupings = { path: '/var/log/app', owner: 'Zoë Ångström 東京', shard: 'a b', empty: '' };
    await pusher.push({ jobName: 'nightly/backup', groupings });
    const series = await readBack(gateway.url, 'pg_grouped');
    expect(series).toEqual([
      {
        labels: {
          job: 'nightly/backup',
          instance: '',
          path: '/var/log/app',
          owner: 'Zoë Ångström 東京',
          shard: 'a b',
          empty: '',
        },
        value: 5,
      },
    ]);
    await pusher.delete({ jobName: 'nightly/backup', groupings });
    await gone(gateway.url, 'pg_grouped');
  });

  it('sends a gzip body when asked to', async () => {
    const pusher = new Pushgateway(
      gateway.url,
      { headers: { 'Content-Encoding': 'gzip' } },
      registryWith({ pg_zipped: 7 }),
    );
    await pusher.push({ jobName: 'zipped' });
    expect((await readBack(gateway.url, 'pg_zipped'))[0]?.value).toBe(7);
    await pusher.delete({ jobName: 'zipped' });
  });

  it('rejects with the status and the gateway message when the gateway refuses a push', async () => {
    // One name with two types across groups is inconsistent: the gateway answers 400.
    await new Pushgateway(gateway.url, {}, registryWith({ pg_bad: 1 })).push({ jobName: 'as_gauge' });
    const registry = new Registry();
    new Histogram({ name: 'pg_bad', help: 'pg_bad help', registers: [registry] }).observe(1);
    const error = await new Pushgateway(gateway.url, {}, registry)
      .push({ jobName: 'refused' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(PushgatewayError);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^push failed with status 400, .*pg_bad/s);
  });
});

describe('Pushgateway against misbehaving servers', () => {
  const servers: { close(): void }[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) s.close();
  });

  function listen<S extends net.Server>(server: S): Promise<string> {
    servers.push({
      close: () => {
        server.close();
        if (server instanceof http.Server) server.closeAllConnections();
      },
    });
    return new Promise((resolve) =>
      server.listen(0, '127.0.0.1', () =>
        resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
      ),
    );
  }

  it('times out against a gateway that never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    const url = await listen(silent);
    servers.push({
      close: () => {
        for (const s of sockets) s.destroy();
      },
    });
    const pusher = new Pushgateway(url, { timeout: 300 }, registryWith({ pg_x: 1 }));
    const error = await pusher.push({ jobName: 'hang' }).catch((e) => e);
    expect(error).toBeInstanceOf(PushgatewayTimeoutError);
    expect(error.message).toBe('Pushgateway request timed out');
    expect(error.method).toBe('PUT');
    expect(error.url).toBe(`${url}/metrics/job/hang`);
  });

  it('ends a push within its deadline even without a timeout option, against a server that trickles', async () => {
    const sockets: net.Socket[] = [];
    const trickle = net.createServer((socket) => {
      sockets.push(socket);
      // Headers arrive, then a byte now and then: never idle, never done.
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n');
      const drip = setInterval(() => socket.write('x'), 100);
      socket.on('close', () => clearInterval(drip));
    });
    const url = await listen(trickle);
    servers.push({
      close: () => {
        for (const s of sockets) s.destroy();
      },
    });
    const started = Date.now();
    const error = await new Pushgateway(url, {}, registryWith({ pg_x: 1 }))
      .push({ jobName: 'slow' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(PushgatewayTimeoutError);
    // The push deadline is 10 s; the bound above it is generous for a loaded machine.
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_900);
    expect(Date.now() - started).toBeLessThan(25_000);
  });

  it.each([
    [404, 'no such page'],
    [503, 'gateway overloaded'],
  ])('rejects a %i answer with its status and message', async (status, message) => {
    const url = await listen(
      http.createServer((req, res) => {
        req.resume();
        res.writeHead(status).end(message);
      }),
    );
    const error = await new Pushgateway(url, {}, registryWith({ pg_x: 1 }))
      .pushAdd({ jobName: 'j' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(PushgatewayError);
    expect(error.status).toBe(status);
    expect(error.message).toContain(message);
  });

  it('sends the text exposition, extra headers, and keeps the base path of the gateway URL', async () => {
    let seen: { method?: string; url?: string; headers?: http.IncomingHttpHeaders; body?: string } = {};
    const url = await listen(
      http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          seen = { method: req.method, url: req.url, headers: req.headers, body };
          res.writeHead(202).end();
        });
      }),
    );
    const pusher = new Pushgateway(
      `${url}/prefix/`,
      { headers: { Authorization: 'Bearer abc' } },
      registryWith({ pg_sent: 4 }),
    );
    const { body } = await pusher.pushAdd({ jobName: 'j', groupings: { instance: 'host:9100' } });
    expect(body).toBe('');
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/prefix/metrics/job/j/instance/host%3A9100');
    expect(seen.headers?.authorization).toBe('Bearer abc');
    // As prom-client: no Content-Type of its own; the gateway reads the body as text format.
    expect(seen.headers?.['content-type']).toBeUndefined();
    expect(seen.body).toContain('pg_sent 4');
  });

  it('throws at once when the job name is missing, as prom-client does', () => {
    const pusher = new Pushgateway('http://127.0.0.1:9', {}, new Registry());
    expect(() => pusher.push({} as Pushgateway.Parameters)).toThrow('Missing jobName parameter');
  });
});
