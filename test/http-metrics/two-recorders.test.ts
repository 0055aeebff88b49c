import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry, setRoute, withHttpMetrics } from 'promkit';
import { waitFor } from '../support/wait-for';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

describe('two recorders measuring the same node:http exchanges', () => {
  it('each records every request, ended when its response closes', async () => {
    const outer = new Registry();
    const inner = new Registry();
    const hello = withHttpMetrics(
      (req, res) => {
        setRoute(req, '/hello');
        res.statusCode = req.url === '/missing' ? 404 : 200;
        res.end('hi');
      },
      { registry: inner },
    );
    server = createServer(withHttpMetrics(hello, { registry: outer }));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    for (const path of ['/hello', '/hello', '/missing']) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5000) });
      await response.text();
    }
    const counts = async (registry: Registry) =>
      [
        await registry.getSampleValue('http_request_duration_seconds_count', {
          method: 'GET',
          route: '/hello',
          status_code: '200',
        }),
        await registry.getSampleValue('http_request_duration_seconds_count', {
          method: 'GET',
          route: '/hello',
          status_code: '404',
        }),
        await registry.getSampleValue('http_requests_in_flight', { method: 'GET' }),
      ].join();
    for (const registry of [outer, inner]) {
      await waitFor(async () => ((await counts(registry)) === '2,1,0' ? true : undefined), {
        what: 'both requests recorded',
        timeoutMs: 5000,
        intervalMs: 20,
      });
    }
  });
});
