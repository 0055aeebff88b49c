import 'reflect-metadata';
import { Counted, Counter, collectDefaultMetrics, HttpMetrics, Registry, Timed } from 'promkit';

function sampleLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

describe('metric policy: metrics declared by promkit for the app', () => {
  it('decorator metrics: denied, renamed and given buckets, shared by two methods as declared', async () => {
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, {
      policy: {
        deny: ['orders_service_create_calls_total'],
        rename: { orders_service_create_duration_seconds: 'orders_create_seconds' },
        distributions: [{ metric: 'orders_*', buckets: [1] }],
      },
    });
    class OrdersService {
      @Timed({ registry })
      @Counted({ registry })
      create(): string {
        return 'created';
      }
      @Timed({ registry, name: 'orders_io_seconds' })
      read(): void {}
      @Timed({ registry, name: 'orders_io_seconds' })
      write(): void {}
    }
    const service = new OrdersService();
    expect(service.create()).toBe('created');
    service.read();
    service.write();
    const lines = sampleLines(await registry.metrics());
    expect(lines).toContain('orders_create_seconds_bucket{le="1"} 1');
    expect(lines).toContain('orders_io_seconds_count 2');
    expect(lines).toContain('orders_io_seconds_bucket{le="1"} 2');
    expect(lines.some((l) => l.includes('calls_total'))).toBe(false);
  });

  it('HTTP server metrics: status codes collapsed to classes, buckets and native buckets set by name', async () => {
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, {
      policy: {
        labels: [{ metric: 'http_*', label: 'status_code', replace: ['^(\\d)\\d\\d$', '$1xx'] }],
        distributions: [{ metric: 'http_request_duration_seconds', buckets: [0.5], native: true }],
      },
    });
    const http = new HttpMetrics({ registry });
    http.start('GET', '/a')?.('/a', 200);
    http.start('GET', '/a')?.('/a', 204);
    http.start('GET', '/a')?.('/a', 404);
    expect(http.duration.upperBounds).toEqual([0.5]);
    expect(http.duration.nativeConfig).toBeDefined();
    const get = { method: 'GET', route: '/a' };
    const count = (status: string) =>
      registry.getSampleValue('http_request_duration_seconds_count', { ...get, status_code: status });
    expect(await count('2xx')).toBe(2);
    expect(await count('4xx')).toBe(1);
    expect(await count('200')).toBeUndefined();
    http.close();
  });

  it('HTTP server metrics: a denied one records nothing while the others keep working', async () => {
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, {
      policy: { deny: ['http_requests_in_flight'] },
    });
    const http = new HttpMetrics({ registry });
    http.start('GET', '/a')?.('/a', 200);
    const text = await registry.metrics();
    expect(text).not.toContain('in_flight');
    expect(
      await registry.getSampleValue('http_request_duration_seconds_count', {
        method: 'GET',
        route: '/a',
        status_code: '200',
      }),
    ).toBe(1);
    http.close();
  });

  it('default metrics: accept and deny leave out their families by name', async () => {
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, { policy: { deny: ['nodejs_*'] } });
    collectDefaultMetrics({ register: registry });
    const text = await registry.metrics();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).not.toContain('nodejs_');
  });

  it("a custom collector's families: accept keeps only those it names, promkit's own metrics judged when declared", async () => {
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, {
      policy: { accept: ['app_*'], rename: { app_jobs_total: 'jobs_done_total' } },
    });
    registry.registerCollector({
      collect: () => [
        {
          name: 'app_queue',
          help: 'Q',
          type: 'gauge',
          points: [{ labelNames: [], labelValues: [], value: 1 }],
        },
        {
          name: 'other_queue',
          help: 'O',
          type: 'gauge',
          points: [{ labelNames: [], labelValues: [], value: 2 }],
        },
      ],
    });
    new Counter({ name: 'app_jobs_total', help: 'J', registers: [registry] }).inc();
    expect(sampleLines(await registry.metrics())).toEqual(['app_queue 1', 'jobs_done_total 1']);
  });
});
