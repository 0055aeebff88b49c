import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import promBundle from 'express-prom-bundle';
import * as promClient from 'prom-client';
import { Counter, Registry } from 'promkit';
import { parsePrometheusTextWithPython, pythonPrometheusClient } from '../support/python-parser';
import { onBoth } from './libraries';

/** A partial migration: libraries built on prom-client keep creating prom-client metrics. */
function promClientMetrics(registers: Array<{ registerMetric(metric: unknown): void }>) {
  const registersOption = registers as unknown as promClient.Registry[];
  const jobs = new promClient.Counter({
    name: 'legacy_jobs',
    help: 'Jobs.',
    labelNames: ['queue'],
    registers: registersOption,
  });
  jobs.inc({ queue: 'mail' }, 3);
  const latency = new promClient.Histogram({
    name: 'legacy_latency_seconds',
    help: 'Latency.',
    labelNames: ['route'],
    buckets: [0.1, 1],
    registers: registersOption,
  });
  latency.observe({ route: '/a' }, 0.5);
  const sizes = new promClient.Summary({
    name: 'legacy_size_bytes',
    help: 'Sizes.',
    percentiles: [0.5],
    registers: registersOption,
  });
  sizes.observe(10);
  new promClient.Gauge({ name: 'legacy_up', help: 'Up.', registers: registersOption }).set(1);
  return { jobs };
}

async function get(server: Server, path: string): Promise<{ status: number; body: string; type: string }> {
  const { port } = server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') ?? '' };
}

describe('prom-client metrics in a promkit Registry', () => {
  it('scrapes them with the same lines as prom-client’s own registry', async () => {
    const promkitRegistry = new Registry();
    const promClientRegistry = new promClient.Registry();
    promClientMetrics([promkitRegistry]);
    promClientMetrics([promClientRegistry]);
    for (const r of [promkitRegistry, promClientRegistry]) r.setDefaultLabels({ app: 'shop' });
    expect(await promkitRegistry.metrics()).toBe(await promClientRegistry.metrics());
  });

  it('serves them next to its own, JSON included, and forgets them on removeSingleMetric', async () => {
    const registry = new Registry();
    promClientMetrics([registry]);
    new Counter({ name: 'orders_total', help: 'Orders.', registers: [registry] }).inc(2);
    const text = await registry.metrics();
    expect(text).toContain('legacy_jobs{queue="mail"} 3\n');
    expect(text).toContain('legacy_latency_seconds_bucket{le="1",route="/a"} 1\n');
    expect(text).toContain('legacy_size_bytes{quantile="0.5"} 10\n');
    expect(text).toContain('orders_total 2\n');
    const om = await registry.metrics({ format: 'openmetrics' });
    expect(om).toContain('legacy_jobs_total{queue="mail"} 3\n');
    const json = await registry.getMetricsAsJSON();
    expect(json.map((m) => m.name)).toEqual([
      'legacy_jobs',
      'legacy_latency_seconds',
      'legacy_size_bytes',
      'legacy_up',
      'orders_total',
    ]);
    registry.removeSingleMetric('legacy_jobs');
    expect(await registry.metrics()).not.toContain('legacy_jobs');
  });

  it('refuses a second metric of the same name with prom-client’s words', () => {
    const registry = new Registry();
    promClientMetrics([registry]);
    expect(() => new Counter({ name: 'legacy_up', help: 'x', registers: [registry] })).toThrow(
      'A metric with the name legacy_up has already been registered.',
    );
  });

  it('leaves a prom-client metric whose get() fails out of the scrape, and keeps the others', async () => {
    const registry = new Registry(undefined, { onCollectError: () => {} });
    registry.registerMetric({
      name: 'broken',
      get: async () => {
        throw new Error('boom');
      },
    });
    new Counter({ name: 'kept_total', help: 'Kept.', registers: [registry] }).inc();
    const text = await registry.metrics();
    expect(text).toContain('kept_total 1\n');
    expect(text).not.toContain('# TYPE broken');
    expect(text).toContain('promkit_collector_errors_total{collector="broken"} 1\n');
  });
});

describe('get() with exemplars, as prom-client gives them', () => {
  it('has the same values on both libraries, timestamps aside', async () => {
    const { promkit: ours, promClient: theirs } = await onBoth(async (lib) => {
      const registry = new lib.Registry(lib.Registry.OPENMETRICS_CONTENT_TYPE);
      const counter = new lib.Counter({
        name: 'jobs',
        help: 'J',
        labelNames: ['queue'],
        enableExemplars: true,
        registers: [registry],
      });
      counter.inc({ labels: { queue: 'a' }, value: 2, exemplarLabels: { traceId: 't1' } });
      const histogram = new lib.Histogram({
        name: 'lat',
        help: 'L',
        buckets: [0.1, 1],
        enableExemplars: true,
        registers: [registry],
      });
      histogram.observe({ value: 0.5, exemplarLabels: { traceId: 't2' } });
      // When an exemplar was taken differs between the two runs; prom-client leaves the +Inf bucket's
      // missing exemplar undefined where its other buckets say null.
      const comparable = (m: { values: Array<{ exemplar?: { timestamp?: unknown } | null }> }) =>
        m.values.map((v) => ({
          ...v,
          exemplar: v.exemplar ? { ...v.exemplar, timestamp: typeof v.exemplar.timestamp } : undefined,
        }));
      return [comparable(await counter.get()), comparable(await histogram.get())];
    });
    expect(ours).toEqual(theirs);
  });
});

describe('Registry.merge with a prom-client registry', () => {
  it('holds the metrics of both', async () => {
    const mine = new Registry();
    new Counter({ name: 'orders_total', help: 'Orders.', registers: [mine] }).inc(2);
    const theirs = new promClient.Registry();
    promClientMetrics([theirs]);
    const merged = Registry.merge([mine, theirs]);
    const text = await merged.metrics();
    expect(text).toContain('orders_total 2\n');
    expect(text).toContain('legacy_jobs{queue="mail"} 3\n');
    expect(await merged.getSampleValue('legacy_up')).toBe(1);
  });

  it('says what it takes when given something else', () => {
    expect(() => Registry.merge([new Registry(), {} as never])).toThrow(
      /Registry.merge takes registries \(promkit's, or prom-client's with getMetricsAsArray\(\)\)/,
    );
  });

  it('refuses registries of different content types, as prom-client does', () => {
    const theirs = new promClient.Registry();
    theirs.setContentType(promClient.Registry.OPENMETRICS_CONTENT_TYPE as never);
    expect(() => Registry.merge([new Registry(), theirs])).toThrow(
      'Registers can only be merged if they have the same content type',
    );
  });
});

describe('express-prom-bundle with promRegistry: a promkit registry', () => {
  let server: Server;
  const registry = new Registry();

  beforeAll(async () => {
    new Counter({ name: 'orders_total', help: 'Orders.', registers: [registry] }).inc();
    const app = express();
    app.use(
      promBundle({
        includeMethod: true,
        includePath: true,
        promRegistry: registry as unknown as promClient.Registry,
      }),
    );
    app.get('/hello', (_req, res) => {
      res.send('hi');
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('records requests into it and serves it on /metrics, for Prometheus’ parser too', async () => {
    expect((await get(server, '/hello')).status).toBe(200);
    const metrics = await get(server, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/^http_request_duration_seconds_count\{[^}]*path="\/hello"[^}]*\} 1$/m);
    expect(metrics.body).toContain('up 1\n');
    expect(metrics.body).toContain('orders_total 1\n');
    expect(await registry.getSampleValue('up')).toBe(1);
    if (pythonPrometheusClient.available()) {
      const families = await parsePrometheusTextWithPython(metrics.body);
      expect(families.map((f) => f.name)).toEqual(
        expect.arrayContaining(['http_request_duration_seconds', 'up', 'orders']),
      );
    }
  });
});
