import { Counter, HttpMetrics, type HttpMetricsOptions, Registry, register } from 'promkit';
import { NO_RESPONSE_STATUS } from '../../lib/http-metrics';
import { abandonRequest } from '../support/abandon-request';
import { eventually, waitFor } from '../support/wait-for';
import { FRAMEWORKS, type FrameworkApp, type StartApp } from './framework-apps';

const running: FrameworkApp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

interface Started extends FrameworkApp {
  readonly registry: Registry;
  /** Resolves the pending /slow requests. */
  releaseSlow(): void;
  /** How many /slow requests have reached their handler. */
  slowStarted(): number;
  /** How many /unanswered requests have reached their handler. */
  unansweredStarted(): number;
}

async function start(startApp: StartApp, options: HttpMetricsOptions = {}): Promise<Started> {
  const registry = new Registry();
  let started = 0;
  let unanswered = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const app = await startApp(
    { registry, ...options },
    {
      slow: () => {
        started++;
        return released;
      },
      unanswered: () => {
        unanswered++;
      },
    },
  );
  running.push(app);
  return {
    ...app,
    registry,
    releaseSlow: release,
    slowStarted: () => started,
    unansweredStarted: () => unanswered,
  };
}

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000), ...init });
  return { status: response.status, body: await response.text() };
}

function count(registry: Registry, labels: Record<string, string>, name = 'http_request_duration_seconds') {
  return registry.getSampleValue(`${name}_count`, labels);
}

async function routesCounted(registry: Registry): Promise<string[]> {
  const samples = await registry.getSamples();
  return samples
    .filter((s) => s.name === 'http_request_duration_seconds_count')
    .map((s) => `${s.labels.method} ${s.labels.route} ${s.labels.status_code} x${s.value}`)
    .sort();
}

describe.each(FRAMEWORKS)('HTTP server metrics on %s', (_name, startApp) => {
  it('labels requests with the route template, never the raw URL', async () => {
    const app = await start(startApp);
    expect((await call(`${app.url}/orders/1`)).status).toBe(200);
    expect((await call(`${app.url}/orders/2?expand=items`)).status).toBe(200);
    expect((await call(`${app.url}/api/items/7`)).body).toBe('item');
    await eventually(
      () => routesCounted(app.registry),
      ['GET /api/items/:id 200 x1', 'GET /orders/:id 200 x2'],
    );
    const exposition = await app.registry.metrics();
    expect(exposition).not.toMatch(/\/orders\/[12]|items\/7/);
  });

  it('records the final status of every answer, errors included', async () => {
    const app = await start(startApp);
    expect((await call(`${app.url}/orders/missing`)).status).toBe(404);
    expect((await call(`${app.url}/orders/teapot`)).status).toBe(418);
    expect((await call(`${app.url}/orders/broken`)).status).toBe(500);
    expect((await call(`${app.url}/orders/1`, { method: 'POST' })).status).toBe(404);
    await eventually(
      () => routesCounted(app.registry),
      [
        'GET /orders/:id 404 x1',
        'GET /orders/:id 418 x1',
        'GET /orders/:id 500 x1',
        'POST <unmatched> 404 x1',
      ],
    );
  });

  it('gives every unmatched URL one route value, configurable', async () => {
    const app = await start(startApp, { unmatchedRoute: 'none' });
    await call(`${app.url}/no/such/page`);
    await call(`${app.url}/another-${Date.now()}`);
    await eventually(() => count(app.registry, { method: 'GET', route: 'none', status_code: '404' }), 2);
  });

  it('leaves out the metrics path and excluded paths, exact or by pattern', async () => {
    const app = await start(startApp, { excludePaths: ['/health', /^\/internal\//] });
    for (const path of [
      '/metrics',
      '/metrics?name[]=up',
      '/health',
      '/internal/a',
      '/internal/b',
      '/orders/1',
    ])
      expect((await call(app.url + path)).status).toBe(200);
    await eventually(() => routesCounted(app.registry), ['GET /orders/:id 200 x1']);
    expect(await app.registry.getSampleValue('http_requests_in_flight', { method: 'GET' })).toBe(0);
  });

  it('counts a request in flight until its response is sent, and times it', async () => {
    const app = await start(startApp);
    const pending = call(`${app.url}/slow`);
    const inFlight = () => app.registry.getSampleValue('http_requests_in_flight', { method: 'GET' });
    await waitFor(async () => (app.slowStarted() === 1 ? true : undefined), {
      what: '/slow to start',
      timeoutMs: 5000,
    });
    expect(await inFlight()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    app.releaseSlow();
    expect((await pending).body).toBe('done');
    await eventually(inFlight, 0);
    const labels = { method: 'GET', route: '/slow', status_code: '200' };
    expect(await count(app.registry, labels)).toBe(1);
    const seconds = await app.registry.getSampleValue('http_request_duration_seconds_sum', labels);
    expect(seconds).toBeGreaterThanOrEqual(0.05);
    expect(seconds).toBeLessThan(10);
  });

  it('ends the measurement when the client goes away before the answer, with no status', async () => {
    const app = await start(startApp, { requestSize: true, responseSize: true });
    await abandonRequest(`${app.url}/slow`, () => app.slowStarted() === 1);
    const inFlight = () => app.registry.getSampleValue('http_requests_in_flight', { method: 'GET' });
    await eventually(inFlight, 0);
    // Never 200 (the default of a response not yet sent) or Koa's 404: no status went out.
    await eventually(() => routesCounted(app.registry), ['GET /slow 0 x1']);
    const labels = { method: 'GET', route: '/slow', status_code: '0' };
    expect(await app.registry.getSampleValue('http_request_size_bytes_count', labels)).toBe(1);
    expect(await app.registry.getSampleValue('http_response_size_bytes_count', labels)).toBeUndefined();
    app.releaseSlow();
    // The answer the handler writes after the client left changes nothing.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await routesCounted(app.registry)).toEqual(['GET /slow 0 x1']);
  });

  it('records a handler that failed without responding with no status once the client gives up', async () => {
    const app = await start(startApp);
    await abandonRequest(`${app.url}/unanswered`, () => app.unansweredStarted() === 1);
    await eventually(() => routesCounted(app.registry), ['GET /unanswered 0 x1']);
    expect(await app.registry.getSampleValue('http_requests_in_flight', { method: 'GET' })).toBe(0);
  });

  it('observes request and response body sizes when asked', async () => {
    const app = await start(startApp, { requestSize: true, responseSize: { name: 'api_response_bytes' } });
    const payload = 'x'.repeat(1234);
    const answer = await fetch(`${app.url}/orders`, {
      method: 'POST',
      body: payload,
      headers: { 'content-type': 'application/octet-stream' },
      signal: AbortSignal.timeout(10_000),
    });
    expect(answer.status).toBe(201);
    const sent = Number(answer.headers.get('content-length'));
    expect(JSON.parse(await answer.text())).toEqual({ received: 1234 });
    expect(sent).toBeGreaterThan(0);
    const labels = { method: 'POST', route: '/orders', status_code: '201' };
    await eventually(() => app.registry.getSampleValue('http_request_size_bytes_sum', labels), 1234);
    await eventually(() => app.registry.getSampleValue('api_response_bytes_sum', labels), sent);
    // A GET has no body: it counts as 0 bytes.
    await call(`${app.url}/orders/1`);
    const get = { method: 'GET', route: '/orders/:id', status_code: '200' };
    await eventually(() => app.registry.getSampleValue('http_request_size_bytes_sum', get), 0);
    await eventually(() => app.registry.getSampleValue('http_request_size_bytes_count', get), 1);
  });

  it('shares one recorder between apps and names metrics as told', async () => {
    const registry = new Registry();
    const metrics = new HttpMetrics({
      registry,
      prefix: 'shop_',
      durationName: 'api_latency_seconds',
      inFlightName: 'api_busy',
      buckets: [0.1, 1],
    });
    for (let i = 0; i < 2; i++) {
      const app = await startApp(metrics, { slow: async () => {} });
      running.push(app);
      await call(`${app.url}/orders/1`);
    }
    const labels = { method: 'GET', route: '/orders/:id', status_code: '200' };
    await eventually(() => count(registry, labels, 'shop_api_latency_seconds'), 2);
    expect(await registry.getSampleValue('shop_api_latency_seconds_bucket', { ...labels, le: '0.1' })).toBe(
      2,
    );
    expect(await registry.getSampleValue('shop_api_busy', { method: 'GET' })).toBe(0);
  });
});

describe('the HTTP server recorder', () => {
  it('reuses its metrics when created again on the same registry with the same definition', async () => {
    const registry = new Registry();
    const first = new HttpMetrics({ registry });
    const second = new HttpMetrics({ registry });
    expect(second.duration).toBe(first.duration);
    second.start('GET', '/a')?.('/a', 200);
    first.start('GET', '/a')?.('/a', 200);
    expect(await count(registry, { method: 'GET', route: '/a', status_code: '200' })).toBe(2);
  });

  it('refuses a clashing definition with an error naming the metric and the difference', () => {
    const registry = new Registry();
    new Counter({ name: 'http_requests_in_flight', help: 'Something else.', registers: [registry] });
    expect(() => new HttpMetrics({ registry })).toThrow(
      /HTTP server metrics: metric "http_requests_in_flight" is already registered .*type counter/,
    );
    const buckets = new Registry();
    new HttpMetrics({ registry: buckets, buckets: [1, 2] });
    expect(() => new HttpMetrics({ registry: buckets, buckets: [1, 5] })).toThrow(/buckets \[1,2\]/);
  });

  it('ends a measurement once, however often the end is reported', async () => {
    const registry = new Registry();
    const end = new HttpMetrics({ registry }).start('PUT', '/x?y=1');
    end?.('/x', 204);
    end?.('/x', 500);
    expect(await count(registry, { method: 'PUT', route: '/x', status_code: '204' })).toBe(1);
    expect(await registry.getSampleValue('http_requests_in_flight', { method: 'PUT' })).toBe(0);
    expect((await registry.getSamples()).some((s) => s.labels.status_code === '500')).toBe(false);
  });

  it('takes back a forgotten request: in flight released at once, nothing recorded when it ends', async () => {
    const registry = new Registry();
    const metrics = new HttpMetrics({ registry });
    const request = {};
    const measurement = metrics.begin('GET', '/internal/metrics', undefined, undefined, request);
    expect(await registry.getSampleValue('http_requests_in_flight', { method: 'GET' })).toBe(1);
    metrics.forget(request);
    metrics.forget(request);
    expect(await registry.getSampleValue('http_requests_in_flight', { method: 'GET' })).toBe(0);
    measurement?.end('/internal/metrics', 200);
    expect(await registry.getSampleValue('http_requests_in_flight', { method: 'GET' })).toBe(0);
    expect(
      await count(registry, { method: 'GET', route: '/internal/metrics', status_code: '200' }),
    ).toBeUndefined();
    // A request that was never measured is left alone.
    expect(() => metrics.forget({})).not.toThrow();
  });

  it('records a request that got no response with the documented status_code', async () => {
    const registry = new Registry();
    const metrics = new HttpMetrics({ registry, responseSize: true });
    metrics.begin('GET', '/x')?.end('/x', undefined);
    const labels = { method: 'GET', route: '/x', status_code: NO_RESPONSE_STATUS };
    expect(NO_RESPONSE_STATUS).toBe('0');
    expect(await count(registry, labels)).toBe(1);
    expect(await registry.getSampleValue('http_requests_in_flight', { method: 'GET' })).toBe(0);
  });

  it('never throws into the app: a failing measurement is counted and the request goes on', async () => {
    const registry = new Registry();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const errors = () =>
      register.getSampleValue('promkit_instrumentation_errors_total', {
        metric: 'http_request_duration_seconds',
      });
    const before = (await errors()) ?? 0;
    try {
      const end = new HttpMetrics({ registry }).start('GET', '/odd');
      const unprintable = {
        toString: () => {
          throw new Error('no text');
        },
      } as unknown as string;
      expect(() => end?.(unprintable, 200)).not.toThrow();
      expect(await errors()).toBe(before + 1);
      expect(await registry.getSampleValue('http_requests_in_flight', { method: 'GET' })).toBe(0);
    } finally {
      warn.mockRestore();
    }
  });
});
