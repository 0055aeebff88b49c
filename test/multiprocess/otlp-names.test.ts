import { HttpMetrics, pushOtlp, Registry } from 'promkit';
import { mergeSnapshots, type ProcessSnapshot, SnapshotTaker, validateSnapshot } from 'promkit/multiprocess';
import { decodeOtlpProtobuf } from '../support/otlp-proto';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());

const wire = (s: ProcessSnapshot) => validateSnapshot(JSON.parse(JSON.stringify(s)));

/** A worker's registry with one request recorded under OpenTelemetry's conventions. */
function workerRegistry(): Registry {
  const registry = new Registry();
  const metrics = new HttpMetrics({ registry, conventions: 'opentelemetry' });
  metrics.start('GET', '/orders/1', undefined, undefined, { httpVersion: '1.1' })?.('/orders/:id', 200);
  return registry;
}

describe('the merged view of several processes', () => {
  it('pushes OpenTelemetry-named metrics over OTLP under their OpenTelemetry names, as each process would', async () => {
    const snapshots = await Promise.all(
      ['1', '2'].map(async (worker) => {
        const registry = workerRegistry();
        return wire(
          await new SnapshotTaker({ worker, pid: Number(worker), startedAt: 0 }, () => [registry]).take(),
        );
      }),
    );
    const merged = mergeSnapshots(
      snapshots.map((snapshot) => ({ snapshot, live: true })),
      'cluster',
    );
    const view = new Registry();
    view.registerCollector({ collect: () => merged.families });

    await pushOtlp({ url: receiver.url, registry: view });
    const { body } = await receiver.nextRequest();
    const [scope] = decodeOtlpProtobuf(body).resourceMetrics[0].scopeMetrics;
    const duration = scope.metrics.find((m: any) => m.name === 'http.server.request.duration');
    expect(duration?.unit).toBe('s');
    const [point] = duration.histogram.dataPoints;
    expect(point.count).toBe('2');
    expect(point.attributes.map((a: any) => a.key)).toEqual([
      'http.request.method',
      'http.route',
      'http.response.status_code',
      'url.scheme',
      'network.protocol.version',
    ]);
    expect(scope.metrics.map((m: any) => m.name)).toContain('http.server.active_requests');
  });

  it('refuses a snapshot whose OpenTelemetry names are not strings', () => {
    const registry = workerRegistry();
    const snapshot = JSON.parse(
      JSON.stringify(new SnapshotTaker({ worker: '1', pid: 1, startedAt: 0 }, () => [registry]).takeSync()),
    );
    snapshot.families[0].otlpAttributeNames = { http_route: 7 };
    expect(() => validateSnapshot(snapshot)).toThrow(/otlpAttributeNames must map label names to strings/);
  });
});
