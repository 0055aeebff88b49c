import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { fastifyMetrics, koaMetricsMiddleware, metricsHandler, Registry } from 'promkit';
import { PROTOBUF_CONTENT_TYPE } from 'promkit/exposition';
import { request } from './http-fetch';
import { sampleRegistry } from './sample-registry';

interface Running {
  /** Base URL, no path. */
  readonly base: string;
  close(): Promise<void>;
}

function listen(server: http.Server): Promise<Running> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        base: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

type Starter = (registry: Registry) => Promise<Running>;

const frameworks: [string, Starter][] = [
  ['node:http', (registry) => listen(http.createServer(metricsHandler(registry)))],
  [
    'Express',
    (registry) => {
      const app = express();
      app.get('/metrics', metricsHandler(registry));
      return listen(http.createServer(app));
    },
  ],
  [
    'Koa',
    (registry) => {
      const app = new Koa();
      app.use(koaMetricsMiddleware(registry));
      app.use((ctx) => {
        ctx.body = 'app route';
      });
      return listen(http.createServer(app.callback()));
    },
  ],
  [
    'Fastify',
    async (registry) => {
      const app = Fastify();
      await app.register(fastifyMetrics, { registry, path: '/metrics' });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      return { base: `http://127.0.0.1:${port}`, close: () => app.close() };
    },
  ],
];

describe.each(frameworks)('metrics handler on %s', (_name, start) => {
  let running: Running;
  let url: string;
  let registry: Registry;

  beforeAll(async () => {
    registry = sampleRegistry();
    running = await start(registry);
    url = `${running.base}/metrics`;
  });
  afterAll(() => running.close());

  it('serves text by default and OpenMetrics on request', async () => {
    const text = await request(url);
    expect(text.status).toBe(200);
    expect(text.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text.text).toContain('requests_total{method="GET"} 3');

    const om = await request(url, { headers: { Accept: 'application/openmetrics-text; version=1.0.0' } });
    expect(om.headers['content-type']).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(om.text.endsWith('# EOF\n')).toBe(true);
  });

  it('serves protobuf to a scraper that asks for it, gzipped too', async () => {
    const accept =
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,text/plain;version=0.0.4;q=0.5';
    const answer = await request(url, { headers: { Accept: accept, 'Accept-Encoding': 'gzip' } });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe(PROTOBUF_CONTENT_TYPE);
    const body = gunzipSync(answer.raw);
    expect(body.equals(Buffer.from(await registry.metrics({ format: 'protobuf' })))).toBe(true);
  });

  it('gzips when allowed', async () => {
    const answer = await request(url, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(answer.raw.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(answer.text).toContain('temperature_celsius 21.5');
  });

  it('filters by name[]', async () => {
    const answer = await request(`${url}?name[]=requests_total`);
    expect(answer.text).toContain('requests_total');
    expect(answer.text).not.toContain('temperature_celsius');
  });

  it('answers HEAD without a body', async () => {
    const answer = await request(url, { method: 'HEAD' });
    expect(answer.status).toBe(200);
    expect(answer.raw.length).toBe(0);
    expect(answer.headers['content-type']).toContain('text/plain');
  });
});

describe('koaMetricsMiddleware', () => {
  it('passes other paths to the next middleware', async () => {
    const app = new Koa();
    app.use(koaMetricsMiddleware(new Registry()));
    app.use((ctx) => {
      ctx.body = 'app route';
    });
    const running = await listen(http.createServer(app.callback()));
    try {
      const answer = await request(`${running.base}/other`);
      expect(answer.status).toBe(200);
      expect(answer.text).toBe('app route');
    } finally {
      await running.close();
    }
  });
});

describe('metricsHandler on node:http', () => {
  it('answers 500 for a failing strict registry and 405 for POST', async () => {
    const registry = new Registry(undefined, { strict: true });
    registry.registerCollector({
      collect: () => Promise.reject(new Error('queue stats unavailable')),
    });
    const running = await listen(http.createServer(metricsHandler(registry)));
    try {
      const failed = await request(`${running.base}/metrics`);
      expect(failed.status).toBe(500);
      expect(failed.text).toContain('queue stats unavailable');
      const post = await request(`${running.base}/metrics`, { method: 'POST' });
      expect(post.status).toBe(405);
      expect(post.headers.allow).toBe('GET, HEAD');
    } finally {
      await running.close();
    }
  });
});
