import { Histogram, MetricsExporter, Registry } from 'promkit';
import { request } from './http-fetch';

function quietExporter() {
  const warnings: string[] = [];
  const registry = new Registry();
  const exporter = new MetricsExporter({ registry, logger: { warn: (m) => warnings.push(m) } });
  return { exporter, registry, warnings };
}

describe('MetricsExporter', () => {
  it('registers and updates every metric kind, served by its own server', async () => {
    const warnings: string[] = [];
    const exporter = await MetricsExporter.start({
      port: 0,
      host: '127.0.0.1',
      registry: new Registry(),
      logger: { warn: (m) => warnings.push(m) },
    });
    try {
      exporter.registerCounter('requests_total', 'Total number of requests', ['method', 'endpoint']);
      exporter.registerGauge('cpu_temp_celsius', 'CPU temperature in Celsius', ['core']);
      exporter.registerHistogram(
        'request_latency_seconds',
        'Request latency in seconds',
        ['endpoint'],
        [0.1, 0.5, 1, 2, 5],
      );
      exporter.registerSummary('response_size_bytes', 'Response size in bytes', ['endpoint']);
      exporter.incCounter('requests_total', { method: 'GET', endpoint: '/api/data' });
      exporter.incCounter('requests_total', { method: 'GET', endpoint: '/api/data' }, 2);
      exporter.setGauge('cpu_temp_celsius', 68.5, { core: 'core_0' });
      exporter.observeHistogram('request_latency_seconds', 0.35, { endpoint: '/api/data' });
      exporter.observeSummary('response_size_bytes', 1024, { endpoint: '/api/data' });

      const { text, status } = await request(exporter.url!);
      expect(status).toBe(200);
      expect(text).toContain('requests_total{method="GET",endpoint="/api/data"} 3');
      expect(text).toContain('cpu_temp_celsius{core="core_0"} 68.5');
      expect(text).toContain('request_latency_seconds_bucket{le="0.1",endpoint="/api/data"} 0');
      expect(text).toContain('request_latency_seconds_bucket{le="0.5",endpoint="/api/data"} 1');
      expect(text).toContain('response_size_bytes_count{endpoint="/api/data"} 1');
      expect(text).toContain('response_size_bytes_sum{endpoint="/api/data"} 1024');
      expect(warnings).toEqual([]);
    } finally {
      await exporter.close();
    }
    expect(exporter.url).toBeUndefined();
  });

  it('works without a server', async () => {
    const { exporter, registry } = quietExporter();
    exporter.registerGauge('queue_depth', 'Depth');
    exporter.setGauge('queue_depth', 4);
    expect(await registry.getSampleValue('queue_depth')).toBe(4);
  });

  it('warns once per unregistered name and never throws', async () => {
    const { exporter, registry, warnings } = quietExporter();
    expect(() => {
      exporter.incCounter('missing_total');
      exporter.incCounter('missing_total', {}, 5);
      exporter.setGauge('missing_total', 1);
    }).not.toThrow();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"missing_total" was never registered');
    expect(await registry.metrics()).toBe('');
  });

  it('warns once for the wrong type and leaves the metric untouched', async () => {
    const { exporter, registry, warnings } = quietExporter();
    exporter.registerGauge('temperature', 'T');
    exporter.setGauge('temperature', 3);
    exporter.incCounter('temperature');
    exporter.observeHistogram('temperature', 1);
    exporter.observeSummary('temperature', 1);
    expect(warnings).toEqual([
      'promkit MetricsExporter: metric "temperature" is a gauge, not a counter; update ignored',
    ]);
    expect(await registry.getSampleValue('temperature')).toBe(3);
  });

  it('warns once for bad labels or values, and keeps counting good updates', async () => {
    const { exporter, registry, warnings } = quietExporter();
    exporter.registerCounter('jobs_total', 'Jobs', ['queue']);
    exporter.incCounter('jobs_total', { queue: 'a' });
    exporter.incCounter('jobs_total', { colour: 'red' });
    exporter.incCounter('jobs_total', { queue: 'a' }, -1);
    exporter.incCounter('jobs_total', { queue: 'a' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot update metric "jobs_total": .*colour/);
    expect(await registry.getSampleValue('jobs_total', { queue: 'a' })).toBe(2);
  });

  it('warns instead of throwing for invalid or conflicting registrations; the same one again is harmless', async () => {
    const { exporter, registry, warnings } = quietExporter();
    expect(exporter.registerCounter('bad name', 'x')).toBe(false);
    expect(exporter.registerGauge('dup', 'x', ['room'])).toBe(true);
    exporter.setGauge('dup', 21, { room: 'lab' });
    expect(exporter.registerGauge('dup', 'x', ['room'])).toBe(true);
    expect(exporter.registerCounter('dup', 'x', ['room'])).toBe(false);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('cannot register metric "bad name"');
    expect(warnings[1]).toBe(
      'promkit MetricsExporter: cannot register metric "dup": MetricsExporter.registerCounter: metric "dup" is already registered by MetricsExporter.registerGauge with type gauge (here: type counter)',
    );
    expect(await registry.getSampleValue('dup', { room: 'lab' })).toBe(21);
  });

  it('shares a metric other code registered when the definitions agree', async () => {
    const { exporter, registry } = quietExporter();
    const theirs = new Histogram({
      name: 'latency_seconds',
      help: 'L.',
      buckets: [1, 2],
      registers: [registry],
    });
    expect(exporter.registerHistogram('latency_seconds', 'L.', [], [1, 2])).toBe(true);
    exporter.observeHistogram('latency_seconds', 1.5);
    expect((await theirs.get()).values.find((v) => v.metricName === 'latency_seconds_count')?.value).toBe(1);
    expect(exporter.registerHistogram('latency_seconds', 'L.', [], [1, 5])).toBe(false);
  });

  it('survives a logger that throws', () => {
    const exporter = new MetricsExporter({
      registry: new Registry(),
      logger: {
        warn: () => {
          throw new Error('log sink down');
        },
      },
    });
    expect(() => exporter.setGauge('nope', 1)).not.toThrow();
  });
});
