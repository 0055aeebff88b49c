import { Gauge, Histogram, pushOtlp, Registry } from '../../../lib';
import { MetricConfigError } from '../../../lib/core/validation';
import { decodeOtlpProtobuf } from '../../support/otlp-proto';
import { type OtlpReceiver, startOtlpReceiver } from '../../support/otlp-receiver';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());

async function pushedMetrics(registry: Registry): Promise<Record<string, any>> {
  await pushOtlp({ url: receiver.url, registry });
  const { body } = await receiver.nextRequest();
  const [scope] = decodeOtlpProtobuf(body).resourceMetrics[0].scopeMetrics;
  return Object.fromEntries(scope.metrics.map((m: any) => [m.name, m]));
}

describe('a metric declared with its OpenTelemetry name', () => {
  it('is pushed over OTLP under that name, with its unit in UCUM, and scraped under its Prometheus name', async () => {
    const registry = new Registry();
    new Histogram({
      name: 'http_server_request_duration',
      unit: 'seconds',
      otlpName: 'http.server.request.duration',
      help: 'Duration of HTTP server requests.',
      buckets: [0.1, 1],
      registers: [registry],
    }).observe(0.25);
    new Gauge({
      name: 'http_server_active_requests',
      otlpName: 'http.server.active_requests',
      help: 'Active HTTP server requests.',
      registers: [registry],
    }).set(2);

    const metrics = await pushedMetrics(registry);
    expect(Object.keys(metrics).sort()).toEqual([
      'http.server.active_requests',
      'http.server.request.duration',
    ]);
    expect(metrics['http.server.request.duration'].unit).toBe('s');
    expect(metrics['http.server.request.duration'].histogram.dataPoints[0].count).toBe('1');
    expect(metrics['http.server.active_requests'].gauge.dataPoints[0].asDouble).toBe(2);
    expect(await registry.metrics()).toMatch(/^http_server_request_duration_seconds_count 1$/m);
  });

  it('sends labels under their OpenTelemetry attribute names, others as they are', async () => {
    const registry = new Registry();
    new Gauge({
      name: 'http_server_active_requests',
      otlpName: 'http.server.active_requests',
      otlpAttributeNames: { http_request_method: 'http.request.method' },
      labelNames: ['http_request_method', 'pool'],
      help: 'Active HTTP server requests.',
      registers: [registry],
    }).set({ http_request_method: 'GET', pool: 'a' }, 1);
    registry.setDefaultLabels({ region: 'west' });

    const [point] = (await pushedMetrics(registry))['http.server.active_requests'].gauge.dataPoints;
    expect(point.attributes.map((a: { key: string }) => a.key)).toEqual([
      'http.request.method',
      'pool',
      'region',
    ]);
    expect(await registry.metrics()).toContain(
      'http_server_active_requests{http_request_method="GET",pool="a",region="west"} 1',
    );
  });

  it('refuses attribute names for labels it does not have, or that are not strings', () => {
    const gauge = (otlpAttributeNames: unknown) => () =>
      new Gauge({
        name: 'queue_depth',
        help: 'h',
        labelNames: ['queue'],
        otlpAttributeNames: otlpAttributeNames as Record<string, string>,
        registers: [],
      });
    expect(gauge({ pool: 'pool.name' })).toThrow(
      new MetricConfigError(
        'Metric "queue_depth": otlpAttributeNames names "pool", which is not one of its labels',
      ),
    );
    expect(gauge({ queue: '' })).toThrow(
      new MetricConfigError(
        'Metric "queue_depth": otlpAttributeNames.queue must be a non-empty string, got ""',
      ),
    );
    expect(gauge(['queue'])).toThrow(/otlpAttributeNames must be an object/);
  });

  it('refuses an otlpName that is not a non-empty string, naming the metric', () => {
    for (const otlpName of ['', 42]) {
      expect(
        () => new Gauge({ name: 'queue_depth', help: 'h', otlpName: otlpName as string, registers: [] }),
      ).toThrow(
        new MetricConfigError(
          `Metric "queue_depth": otlpName must be a non-empty string, got ${otlpName === '' ? '""' : '42'}`,
        ),
      );
    }
  });
});
