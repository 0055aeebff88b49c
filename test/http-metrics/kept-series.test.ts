import { HttpMetrics, type HttpMetricsOptions, Registry } from 'promkit';

/**
 * The recorder keeps the series its requests record into between requests;
 * what it records must stay what a label lookup per request would record.
 */

const ORDER = { method: 'GET', route: '/orders/:id', status_code: '200' };

function recorder(options: HttpMetricsOptions = {}, registry: Registry<any> = new Registry()) {
  return { registry, metrics: new HttpMetrics({ registry, exemplars: 'none', ...options }) };
}

function serve(metrics: HttpMetrics, route = '/orders/:id', status = 200, bytes?: number): void {
  metrics.start('GET', '/orders/7', bytes)?.(route, status, bytes);
}

function durationCount(registry: Registry, labels: Record<string, string> = ORDER) {
  return registry.getSampleValue('http_request_duration_seconds_count', labels);
}

describe('HTTP recorder series kept between requests', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => warn.mockRestore());

  it('records into the metrics the registry exposes after resetMetrics()', async () => {
    const { registry, metrics } = recorder();
    serve(metrics);
    registry.resetMetrics();
    serve(metrics);
    expect(await durationCount(registry)).toBe(1);
    expect(await registry.getSampleValue('http_requests_in_flight', { method: 'GET' })).toBe(0);
  });

  it('records a request that started before a reset into the series exposed when it ends', async () => {
    const { registry, metrics } = recorder();
    serve(metrics);
    const end = metrics.start('GET', '/orders/7');
    registry.resetMetrics();
    end?.('/orders/:id', 200);
    expect(await durationCount(registry)).toBe(1);
  });

  it('records into a series again once it was removed', async () => {
    const { registry, metrics } = recorder();
    serve(metrics);
    serve(metrics);
    metrics.duration.remove(ORDER);
    serve(metrics);
    expect(await durationCount(registry)).toBe(1);
  });

  it('counts in the in-flight gauge again once its series was removed', async () => {
    const { registry, metrics } = recorder();
    serve(metrics);
    metrics.inFlight.remove({ method: 'GET' });
    const end = metrics.start('GET', '/orders/7');
    expect(await registry.getSampleValue('http_requests_in_flight', { method: 'GET' })).toBe(1);
    end?.('/orders/:id', 200);
    expect(await registry.getSampleValue('http_requests_in_flight', { method: 'GET' })).toBe(0);
  });

  it('counts every request recorded past maxSeries in promkit_series_overflow_total', async () => {
    const { registry, metrics } = recorder({}, new Registry(undefined, { maxSeriesPerMetric: 1 }));
    serve(metrics, '/orders/:id');
    for (let i = 0; i < 3; i++) serve(metrics, '/carts/:id');
    const text = await registry.metrics();
    expect(text).toContain('http_request_duration_seconds_count{promkit_overflow="true"} 3');
    expect(text).toContain('promkit_series_overflow_total{metric="http_request_duration_seconds"} 3');
    expect(await durationCount(registry)).toBe(1);
  });

  it('counts every size recorded past maxSeries in promkit_series_overflow_total, and keeps the sizes below it', async () => {
    const { registry, metrics } = recorder(
      { requestSize: true, responseSize: true },
      new Registry(undefined, { maxSeriesPerMetric: 1 }),
    );
    for (let i = 0; i < 2; i++) serve(metrics, '/orders/:id', 200, 10);
    for (let i = 0; i < 3; i++) serve(metrics, '/carts/:id', 200, 20);
    const text = await registry.metrics();
    for (const name of ['http_request_size_bytes', 'http_response_size_bytes']) {
      expect(await registry.getSampleValue(`${name}_sum`, ORDER)).toBe(20);
      expect(text).toContain(`${name}_sum{promkit_overflow="true"} 60`);
      expect(text).toContain(`promkit_series_overflow_total{metric="${name}"} 3`);
    }
  });

  it('gives a status and route a size series only once a size is known for them', async () => {
    const { registry, metrics } = recorder({ requestSize: true });
    serve(metrics);
    expect(await registry.getSampleValue('http_request_size_bytes_count', ORDER)).toBeUndefined();
    serve(metrics, '/orders/:id', 200, 42);
    serve(metrics, '/orders/:id', 200, 42);
    expect(await registry.getSampleValue('http_request_size_bytes_count', ORDER)).toBe(2);
    expect(await registry.getSampleValue('http_request_size_bytes_sum', ORDER)).toBe(84);
  });

  it('keeps statuses, routes and methods apart', async () => {
    const { registry, metrics } = recorder();
    serve(metrics, '/orders/:id', 200);
    serve(metrics, '/orders/:id', 404);
    serve(metrics, '/orders/:id', 404);
    serve(metrics, '/carts/:id', 200);
    metrics.start('POST', '/orders/7')?.('/orders/:id', 200);
    metrics.start('GET', '/orders/7')?.(undefined, undefined);
    expect(await durationCount(registry)).toBe(1);
    expect(await durationCount(registry, { ...ORDER, status_code: '404' })).toBe(2);
    expect(await durationCount(registry, { ...ORDER, route: '/carts/:id' })).toBe(1);
    expect(await durationCount(registry, { ...ORDER, method: 'POST' })).toBe(1);
    expect(await durationCount(registry, { method: 'GET', route: '<unmatched>', status_code: '0' })).toBe(1);
  });
});
