import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { fastifyHttpMetrics, Registry } from 'promkit';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function listen(app: FastifyInstance): Promise<string> {
  apps.push(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

async function get(url: string): Promise<number> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  return response.status;
}

async function countsByRoute(registry: Registry): Promise<Record<string, number>> {
  const samples = (await registry.getSamples()).filter((s) => s.name.endsWith('_duration_seconds_count'));
  return Object.fromEntries(
    samples.map((s) => [
      `${s.name.replace(/_count$/, '')} ${s.labels.route} ${s.labels.status_code}`,
      s.value,
    ]),
  );
}

describe('the Fastify plugin', () => {
  it('sees routes of every encapsulated context, registered before or after it', async () => {
    const registry = new Registry();
    const app = Fastify();
    app.get('/before', async () => 'ok');
    await app.register(async (child) => {
      child.get('/child/:id', async () => 'ok');
    });
    app.register(fastifyHttpMetrics, { registry });
    app.register(
      async (child) => {
        child.get('/items/:id', async () => 'ok');
      },
      { prefix: '/v2' },
    );
    const url = await listen(app);
    for (const path of ['/before', '/child/1', '/v2/items/2', '/missing']) await get(url + path);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await countsByRoute(registry)).toEqual({
      'http_request_duration_seconds /before 200': 1,
      'http_request_duration_seconds /child/:id 200': 1,
      'http_request_duration_seconds /v2/items/:id 200': 1,
      'http_request_duration_seconds <unmatched> 404': 1,
    });
  });

  it("takes the metric name prefix option without touching Fastify's route prefix", async () => {
    const registry = new Registry();
    const app = Fastify();
    await app.register(fastifyHttpMetrics, { registry, prefix: 'shop_' });
    app.get('/orders/:id', async () => 'ok');
    const url = await listen(app);
    expect(await get(`${url}/orders/1`)).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await countsByRoute(registry)).toEqual({
      'shop_http_request_duration_seconds /orders/:id 200': 1,
    });
  });
});
