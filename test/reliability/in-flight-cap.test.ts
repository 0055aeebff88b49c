import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { fastifyMetrics, metricsHandler, Registry, scrapeResponder, startHttpServer } from 'promkit';
import { GaugeMetricFamily } from 'promkit/exposition';
import { request } from '../export/http-fetch';
import { heldRegistry, scrapes, statuses } from './held-registry';

const names = (url: string) => (i: number) => request(`${url}?name[]=backlog&name[]=x${i}`);

describe('the cap on scrapes in flight', () => {
  it('answers 503 past maxInFlight on the standalone server, and frees its slots afterwards', async () => {
    const { registry, release } = heldRegistry();
    const server = await startHttpServer({ host: '127.0.0.1', registry, maxInFlight: 2 });
    try {
      const answers = await scrapes(5, 3, release, names(server.url));
      expect(statuses(answers)).toEqual({ 200: 2, 503: 3 });
      const refused = answers.find((a) => a.status === 503)!;
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.text).toBe('Too many concurrent scrapes (limit 2); try again later\n');
      expect(statuses(await scrapes(2, 0, release, names(server.url)))).toEqual({ 200: 2 });
    } finally {
      await server.close();
    }
  });

  it('applies to metricsHandler, per handler', async () => {
    const { registry, release } = heldRegistry();
    const handler = metricsHandler(registry, { maxInFlight: 1 });
    const server = http.createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
      expect(statuses(await scrapes(3, 2, release, names(url)))).toEqual({ 200: 1, 503: 2 });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('applies to the Fastify plugin', async () => {
    const { registry, release } = heldRegistry();
    const app = Fastify();
    await app.register(fastifyMetrics, { registry, maxInFlight: 1 });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect(statuses(await scrapes(3, 2, release, names(`${url}/metrics`)))).toEqual({ 200: 1, 503: 2 });
    } finally {
      await app.close();
    }
  });

  it('defaults to 10 and rejects a limit below 1', async () => {
    const { registry, release } = heldRegistry();
    const respond = scrapeResponder(registry);
    const answers = await scrapes(12, 2, release, (i) => respond({ url: `/metrics?name[]=x${i}` }));
    expect(statuses(answers)).toEqual({ 200: 10, 503: 2 });
    expect(() => scrapeResponder(registry, { maxInFlight: 0 })).toThrow(
      'maxInFlight must be a number >= 1 (or Infinity), got 0',
    );
  });
});

describe('concurrent scrapes over HTTP', () => {
  it('asking for the same thing share one collection and one compressed body', async () => {
    const registry = new Registry();
    let calls = 0;
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    registry.registerCollector({
      collect: async () => {
        calls++;
        await released;
        return [new GaugeMetricFamily('backlog', 'Backlog.', { value: 1 })];
      },
    });
    const handler = metricsHandler(registry, { maxInFlight: 20 });
    let arrived = 0;
    // The collection is held until every scrape has arrived, so all of them overlap.
    const server = http.createServer((req, res) => {
      if (++arrived === 20) release();
      void handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => request(url, { headers: { 'Accept-Encoding': 'gzip' } })),
      );
      expect(statuses(answers)).toEqual({ 200: 20 });
      expect(calls).toBe(1);
      expect(new Set(answers.map((a) => a.raw.toString('base64'))).size).toBe(1);
      expect(answers[0].text).toContain('backlog 1');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
