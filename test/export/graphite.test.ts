import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import { Counter, Gauge, GraphiteBridge, MetricConfigError, Registry } from 'promkit';
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
    expect(() => bridge.start(0)).toThrow(
      new RangeError(
        'GraphiteBridge.start: intervalSeconds must be a number of seconds above 0, at most 2147483 (what a timer can wait), got 0',
      ),
    );
    // setInterval past that fires every millisecond.
    expect(() => bridge.start(30 * 86_400)).toThrow(RangeError);
  });

  describe('timeout', () => {
    /** A Carbon that takes connections and never closes them: a push waits until its timeout. */
    async function startSilentCarbon(): Promise<{ port: number; close(): Promise<void> }> {
      const sockets = new Set<net.Socket>();
      const server = net.createServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => {});
        socket.on('close', () => sockets.delete(socket));
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      return {
        port: (server.address() as AddressInfo).port,
        close: () => {
          for (const socket of sockets) socket.destroy();
          return new Promise((resolve) => server.close(() => resolve()));
        },
      };
    }

    let warnings: jest.SpyInstance;
    beforeEach(() => {
      warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    });
    afterEach(() => warnings.mockRestore());

    it('timeoutSeconds bounds a push, in seconds', async () => {
      const carbon = await startSilentCarbon();
      try {
        const bridge = new GraphiteBridge({
          host: '127.0.0.1',
          port: carbon.port,
          registry: sampleRegistry(),
          timeoutSeconds: 0.2,
        });
        const started = Date.now();
        await expect(bridge.push()).rejects.toThrow(
          `Graphite at 127.0.0.1:${carbon.port} timed out after 0.2 s`,
        );
        expect(Date.now() - started).toBeLessThan(3000);
        expect(warnings).not.toHaveBeenCalled();
      } finally {
        await carbon.close();
      }
    }, 10_000);

    it('timeoutMs still works, deprecated: one warning per process naming timeoutSeconds', async () => {
      const carbon = await startSilentCarbon();
      try {
        const options = { host: '127.0.0.1', port: carbon.port, registry: sampleRegistry(), timeoutMs: 200 };
        const bridge = new GraphiteBridge(options);
        new GraphiteBridge(options);
        await expect(bridge.push()).rejects.toThrow('timed out after 0.2 s');
        expect(warnings.mock.calls).toEqual([
          [
            'GraphiteBridge: the option "timeoutMs" is deprecated and will be removed; give timeoutSeconds: 0.2 instead.',
            { type: 'DeprecationWarning', code: 'PROMKIT_DEPRECATED_OPTION' },
          ],
        ]);
      } finally {
        await carbon.close();
      }
    }, 10_000);

    it('refuses timeoutSeconds and timeoutMs together', () => {
      expect(() => new GraphiteBridge({ host: '127.0.0.1', timeoutSeconds: 5, timeoutMs: 5000 })).toThrow(
        new MetricConfigError(
          'GraphiteBridge: give timeoutSeconds or the deprecated timeoutMs, not both (got timeoutSeconds 5 and timeoutMs 5000)',
        ),
      );
    });

    it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 3e6, '5'])(
      'refuses timeoutSeconds %p, naming the option',
      (value) => {
        expect(() => new GraphiteBridge({ host: '127.0.0.1', timeoutSeconds: value as number })).toThrow(
          new MetricConfigError(
            `GraphiteBridge: timeoutSeconds must be a number of seconds above 0, at most 2147483 (what a timer can wait), got ${typeof value === 'string' ? `'${value}'` : String(value)}`,
          ),
        );
      },
    );

    it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31])(
      'refuses timeoutMs %p, naming the option',
      (value) => {
        expect(() => new GraphiteBridge({ host: '127.0.0.1', timeoutMs: value })).toThrow(
          new MetricConfigError(
            `GraphiteBridge: timeoutMs must be a number of milliseconds above 0, at most 2147483647 (what a timer can wait), got ${value}`,
          ),
        );
        expect(warnings).not.toHaveBeenCalled();
      },
    );
  });
});
