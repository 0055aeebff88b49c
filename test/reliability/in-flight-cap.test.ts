import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import {
  type Collector,
  fastifyMetrics,
  GaugeMetricFamily,
  metricsHandler,
  Registry,
  scrapeResponder,
  startHttpServer,
} from 'promkit';
import { request } from '../export/http-fetch';

/** A registry whose one collector takes `ms` to answer and counts its calls. */
function slowRegistry(ms: number): { registry: Registry; calls: () => number } {
  const registry = new Registry();
  let calls = 0;
  const collector: Collector = {
    collect: async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return [new GaugeMetricFamily('backlog', 'Backlog.', { value: 1 })];
    },
  };
  registry.registerCollector(collector);
  return { registry, calls: () => calls };
}

/** `n` concurrent scrapes; each asks for a different name so that none can share another's work. */
function scrapes(url: string, n: number) {
  return Promise.all(Array.from({ length: n }, (_, i) => request(`${url}?name[]=backlog&name[]=x${i}`)));
}

function statuses(answers: { status: number }[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const a of answers) out[a.status] = (out[a.status] ?? 0) + 1;
  return out;
}

describe('the cap on scrapes in flight', () => {
  it('answers 503 past maxInFlight on the standalone server, and frees its slots afterwards', async () => {
    const { registry } = slowRegistry(300);
    const server = await startHttpServer({ host: '127.0.0.1', registry, maxInFlight: 2 });
    try {
      const answers = await scrapes(server.url, 5);
      expect(statuses(answers)).toEqual({ 200: 2, 503: 3 });
      const refused = answers.find((a) => a.status === 503)!;
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.text).toBe('Too many concurrent scrapes (limit 2); try again later\n');
      expect(statuses(await scrapes(server.url, 2))).toEqual({ 200: 2 });
    } finally {
      await server.close();
    }
  });

  it('applies to metricsHandler, per handler', async () => {
    const { registry } = slowRegistry(300);
    const handler = metricsHandler(registry, { maxInFlight: 1 });
    const server = http.createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
      expect(statuses(await scrapes(url, 3))).toEqual({ 200: 1, 503: 2 });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('applies to the Fastify plugin', async () => {
    const { registry } = slowRegistry(300);
    const app = Fastify();
    await app.register(fastifyMetrics, { registry, maxInFlight: 1 });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect(statuses(await scrapes(`${url}/metrics`, 3))).toEqual({ 200: 1, 503: 2 });
    } finally {
      await app.close();
    }
  });

  it('defaults to 10 and rejects a limit below 1', async () => {
    const { registry } = slowRegistry(300);
    const respond = scrapeResponder(registry);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => respond({ url: `/metrics?name[]=x${i}` })),
    );
    expect(statuses(answers)).toEqual({ 200: 10, 503: 2 });
    expect(() => scrapeResponder(registry, { maxInFlight: 0 })).toThrow(
      'maxInFlight must be a number >= 1 (or Infinity), got 0',
    );
  });
});

describe('concurrent scrapes over HTTP', () => {
  it('asking for the same thing share one collection and one compressed body', async () => {
    const { registry, calls } = slowRegistry(100);
    const server = await startHttpServer({ host: '127.0.0.1', registry, maxInFlight: 20 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => request(server.url, { headers: { 'Accept-Encoding': 'gzip' } })),
      );
      expect(statuses(answers)).toEqual({ 200: 20 });
      expect(calls()).toBe(1);
      expect(new Set(answers.map((a) => a.raw.toString('base64'))).size).toBe(1);
      expect(answers[0].text).toContain('backlog 1');
    } finally {
      await server.close();
    }
  });
});
