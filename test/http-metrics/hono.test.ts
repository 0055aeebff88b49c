import { Hono } from 'hono';
import { basicAuth } from 'hono/basic-auth';
import { HTTPException } from 'hono/http-exception';
import {
  HttpMetrics,
  type HttpMetricsOptions,
  honoHttpMetrics,
  metricsFetchHandler,
  Registry,
} from 'promkit';

/** The API the other adapters are tested on, in Hono, measured by `honoHttpMetrics`. */
function orders(options: HttpMetricsOptions = {}) {
  const registry = new Registry();
  const metrics = new HttpMetrics({ registry, ...options });
  const app = new Hono();
  app.use(honoHttpMetrics(metrics));
  app.use('/admin/*', basicAuth({ username: 'admin', password: 'secret' }));
  app.get('/orders/:id', (c) => {
    const id = c.req.param('id');
    if (id === 'missing') return c.json({ error: 'not found' }, 404);
    if (id === 'broken') throw new Error('database down');
    if (id === 'forbidden') throw new HTTPException(403, { message: 'not yours' });
    return c.json({ id });
  });
  app.post('/orders', async (c) => {
    const received = String((await c.req.arrayBuffer()).byteLength);
    // A Fetch response's size is known only when declared: Hono leaves Content-Length to the server.
    return c.body(received, 201, { 'Content-Length': String(received.length) });
  });
  app.get('/admin/stats', (c) => c.text('stats'));
  app.get('/health', (c) => c.text('ok'));
  const items = new Hono();
  items.get('/items/:id', (c) => c.text('item'));
  app.route('/api', items);
  return { app, registry, metrics };
}

async function routesCounted(registry: Registry): Promise<string[]> {
  const samples = await registry.getSamples();
  return samples
    .filter((s) => s.name === 'http_request_duration_seconds_count')
    .map((s) => `${s.labels.method} ${s.labels.route} ${s.labels.status_code} x${s.value}`)
    .sort();
}

describe('honoHttpMetrics', () => {
  it('labels requests with the route template Hono matched, sub-app prefix included', async () => {
    const { app, registry } = orders();
    expect((await app.request('/orders/1')).status).toBe(200);
    expect((await app.request('/orders/2?expand=items')).status).toBe(200);
    expect(await (await app.request('/api/items/7')).text()).toBe('item');
    expect(await routesCounted(registry)).toEqual(['GET /api/items/:id 200 x1', 'GET /orders/:id 200 x2']);
    expect(await registry.metrics()).not.toMatch(/\/orders\/[12]|items\/7/);
  });

  it('records the final status of every answer, errors and not-found included', async () => {
    const { app, registry } = orders();
    expect((await app.request('/orders/missing')).status).toBe(404);
    expect((await app.request('/orders/broken')).status).toBe(500);
    expect((await app.request('/orders/forbidden')).status).toBe(403);
    expect((await app.request('/orders/1', { method: 'DELETE' })).status).toBe(404);
    expect((await app.request('/no/such/page')).status).toBe(404);
    expect(await routesCounted(registry)).toEqual([
      'DELETE <unmatched> 404 x1',
      'GET /orders/:id 403 x1',
      'GET /orders/:id 404 x1',
      'GET /orders/:id 500 x1',
      'GET <unmatched> 404 x1',
    ]);
  });

  it('counts a request a middleware answered before routing as unmatched', async () => {
    const { app, registry } = orders({ unmatchedRoute: 'none' });
    expect((await app.request('/admin/stats')).status).toBe(401);
    const authorized = { headers: { Authorization: `Basic ${btoa('admin:secret')}` } };
    expect((await app.request('/admin/stats', authorized)).status).toBe(200);
    expect(await routesCounted(registry)).toEqual(['GET /admin/stats 200 x1', 'GET none 401 x1']);
  });

  it('leaves out the metrics path and excluded paths', async () => {
    const { app, registry } = orders({ excludePaths: ['/health'] });
    await app.request('/health');
    await app.request('/metrics');
    expect(await routesCounted(registry)).toEqual([]);
    expect(await registry.getSampleValue('http_requests_in_flight', { method: 'GET' })).toBeUndefined();
  });

  it('counts a request in flight until its handler has answered', async () => {
    const registry = new Registry();
    const app = new Hono();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    app.use(honoHttpMetrics({ registry }));
    app.get('/slow', async (c) => {
      await held;
      return c.text('done');
    });
    const answer = app.request('/slow');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await registry.getSampleValue('http_requests_in_flight', { method: 'GET' })).toBe(1);
    release();
    expect((await answer).status).toBe(200);
    expect(await registry.getSampleValue('http_requests_in_flight', { method: 'GET' })).toBe(0);
    expect(await routesCounted(registry)).toEqual(['GET /slow 200 x1']);
  });

  it('observes request and response body sizes when asked', async () => {
    const { app, registry } = orders({ requestSize: true, responseSize: true });
    const body = 'x'.repeat(300);
    expect(
      (await app.request('/orders', { method: 'POST', body, headers: { 'Content-Length': '300' } })).status,
    ).toBe(201);
    const labels = { method: 'POST', route: '/orders', status_code: '201' };
    expect(await registry.getSampleValue('http_request_size_bytes_sum', labels)).toBe(300);
    expect(await registry.getSampleValue('http_response_size_bytes_sum', labels)).toBe(3);
  });

  it('leaves the scrape served by metricsFetchHandler on a Hono route unmeasured', async () => {
    const { app, registry } = orders();
    const scrape = metricsFetchHandler({ registry });
    app.get('/metrics', (c) => scrape(c.req.raw));
    await app.request('/orders/1');
    const answer = await app.request('/metrics', {
      headers: { Accept: 'application/openmetrics-text; version=1.0.0' },
    });
    expect(answer.headers.get('content-type')).toContain('application/openmetrics-text');
    const text = await answer.text();
    expect(text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/orders/:id",status_code="200"} 1',
    );
    expect(text).not.toContain('route="/metrics"');
  });
});
