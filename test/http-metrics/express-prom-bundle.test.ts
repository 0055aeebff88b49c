import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import promBundle from 'express-prom-bundle';
import * as promClient from 'prom-client';
import { expressHttpMetrics, Registry } from 'promkit';

/**
 * express-prom-bundle and promkit measuring the same Express app: where
 * their names overlap (the histogram, `method`, `status_code`) a query
 * written for one reads the same from the other.
 */
describe('Express metrics next to express-prom-bundle', () => {
  const bundleRegistry = new promClient.Registry();
  const registry = new Registry();
  let server: ReturnType<typeof createServer>;
  let url = '';

  beforeAll(async () => {
    const app = express();
    app.use(
      promBundle({
        includeMethod: true,
        includeUp: false,
        autoregister: false,
        promRegistry: bundleRegistry,
      }),
    );
    app.use(expressHttpMetrics({ registry }));
    app.get('/orders/:id', (req, res) => {
      if (req.params.id === 'broken') throw new Error('database down');
      res.status(req.params.id === 'missing' ? 404 : 200).send('order');
    });
    app.post('/orders', (_req, res) => {
      res.status(201).send('created');
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const requests: Array<[string, string]> = [
      ['GET', '/orders/1'],
      ['GET', '/orders/2'],
      ['GET', '/orders/missing'],
      ['GET', '/orders/broken'],
      ['POST', '/orders'],
      ['DELETE', '/nowhere'],
    ];
    for (const [method, path] of requests) {
      const response = await fetch(url + path, { method, signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
    }
    // Both record when the response ends, which may be a tick after the client has read it.
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  type Counts = Record<string, number>;

  function byMethodAndStatus(samples: Array<{ labels: Record<string, unknown>; value: number }>): Counts {
    const counts: Counts = {};
    for (const { labels, value } of samples) {
      const key = `${labels.method} ${labels.status_code}`;
      counts[key] = (counts[key] ?? 0) + value;
    }
    return counts;
  }

  it('uses the same histogram name and type, with method and status_code labels', async () => {
    const [theirs] = await bundleRegistry.getMetricsAsJSON();
    const ours = registry.getSingleMetric('http_request_duration_seconds');
    expect(theirs.name).toBe('http_request_duration_seconds');
    expect(theirs.type).toBe('histogram');
    expect(ours?.type).toBe('histogram');
    expect(ours?.labelNames).toEqual(expect.arrayContaining(['method', 'status_code']));
  });

  it('counts the same requests by method and status code', async () => {
    const [theirs] = await bundleRegistry.getMetricsAsJSON();
    const theirCounts = byMethodAndStatus(
      (
        theirs.values as Array<{ labels: Record<string, unknown>; value: number; metricName?: string }>
      ).filter((v) => v.metricName === 'http_request_duration_seconds_count'),
    );
    const ourCounts = byMethodAndStatus(
      (await registry.getSamples()).filter((s) => s.name === 'http_request_duration_seconds_count'),
    );
    expect(ourCounts).toEqual({ 'GET 200': 2, 'GET 404': 1, 'GET 500': 1, 'POST 201': 1, 'DELETE 404': 1 });
    expect(theirCounts).toEqual(ourCounts);
  });
});
