import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import { Counter, Gauge, GraphiteBridge, Registry } from 'promkit';
import { freePort } from '../support/free-port';
import { waitFor } from '../support/wait-for';

/** A local Carbon stand-in: keeps everything each connection sent. */
async function startCarbon(port = 0): Promise<{ port: number; received: string[]; close(): Promise<void> }> {
  const received: string[] = [];
  const server = net.createServer((socket) => {
    let data = '';
    socket.on('data', (c) => (data += c));
    socket.on('end', () => received.push(data));
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function sampleRegistry(): Registry {
  const registry = new Registry();
  const requests = new Counter({
    name: 'http_requests',
    help: 'Requests',
    labelNames: ['path', 'method'],
    registers: [registry],
  });
  requests.inc({ path: '/api/v1.users', method: 'GET' }, 2);
  new Gauge({ name: 'queue_depth', help: 'Depth', registers: [registry] }).set(7.5);
  new Gauge({ name: 'not_a_number', help: 'NaN', registers: [registry] }).set(Number.NaN);
  return registry;
}

describe('GraphiteBridge', () => {
  it('sends one plaintext line per sample, labels sorted and sanitised', async () => {
    const carbon = await startCarbon();
    try {
      const bridge = new GraphiteBridge({
        host: '127.0.0.1',
        port: carbon.port,
        prefix: 'prod.web',
        registry: sampleRegistry(),
      });
      const before = Math.floor(Date.now() / 1000);
      await bridge.push();
      const after = Math.floor(Date.now() / 1000);
      await waitFor(async () => (carbon.received.length ? true : undefined), {
        what: 'carbon data',
        timeoutMs: 5000,
      });
      const lines = carbon.received[0].trimEnd().split('\n');
      const paths = lines.map((l) => l.split(' ').slice(0, 2).join(' '));
      expect(paths).toEqual([
        'prod.web.http_requests_total.method.GET.path._api_v1_users 2',
        'prod.web.queue_depth 7.5',
      ]);
      for (const line of lines) {
        const ts = Number(line.split(' ')[2]);
        expect(ts).toBeGreaterThanOrEqual(before);
        expect(ts).toBeLessThanOrEqual(after);
      }
    } finally {
      await carbon.close();
    }
  });

  it('rejects push() when the connection is refused', async () => {
    const port = await freePort();
    const bridge = new GraphiteBridge({ host: '127.0.0.1', port, registry: sampleRegistry() });
    await expect(bridge.push()).rejects.toThrow(/ECONNREFUSED/);
  });

  it('under start() logs a refused connection and succeeds on a later interval', async () => {
    const port = await freePort();
    const warnings: string[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const bridge = new GraphiteBridge({
      host: '127.0.0.1',
      port,
      registry: sampleRegistry(),
      logger: { warn: (m) => warnings.push(m) },
    });
    let carbon: Awaited<ReturnType<typeof startCarbon>> | undefined;
    try {
      bridge.start(0.1);
      await waitFor(async () => (warnings.length ? true : undefined), {
        what: 'a logged failure',
        timeoutMs: 5000,
      });
      expect(warnings[0]).toMatch(new RegExp(`Graphite at 127\\.0\\.0\\.1:${port} failed.*ECONNREFUSED`));

      // Carbon comes up on the same port: the next interval delivers.
      const revived = await startCarbon(port);
      carbon = revived;
      await waitFor(async () => (revived.received.length ? true : undefined), {
        what: 'a retried push',
        timeoutMs: 5000,
      });
      expect(revived.received[0]).toContain('queue_depth 7.5');
      expect(unhandled).toEqual([]);
    } finally {
      bridge.stop();
      process.off('unhandledRejection', onUnhandled);
      await carbon?.close();
    }
  });

  it('rejects a non-positive interval with the value in the message', () => {
    const bridge = new GraphiteBridge({ host: '127.0.0.1', registry: new Registry() });
    expect(() => bridge.start(0)).toThrow('intervalSeconds must be a positive number, got 0');
  });
});
