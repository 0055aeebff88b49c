import { HttpMetrics, pushOtlp, Registry, setNameValidationScheme } from 'promkit';
import { decodeOtlpProtobuf } from '../support/otlp-proto';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());
afterEach(() => setNameValidationScheme('legacy'));

async function pushedMetrics(registry: Registry): Promise<Record<string, any>> {
  await pushOtlp({ url: receiver.url, registry });
  const { body } = await receiver.nextRequest();
  const [scope] = decodeOtlpProtobuf(body).resourceMetrics[0].scopeMetrics;
  return Object.fromEntries(scope.metrics.map((m: any) => [m.name, m]));
}

/** A request as node:http gives it: the connection it came on and its HTTP version. */
const REQUEST = { socket: { encrypted: true }, httpVersion: '1.1' };

describe.each(['UnderscoreEscapingWithSuffixes', 'NoUTF8EscapingWithSuffixes'] as const)(
  "OTLP pushes of HTTP metrics under OpenTelemetry's conventions (%s)",
  (translationStrategy) => {
    it('carry the OpenTelemetry metric and attribute names and units', async () => {
      setNameValidationScheme('utf-8');
      const registry = new Registry();
      const metrics = new HttpMetrics({
        registry,
        conventions: 'opentelemetry',
        translationStrategy,
        requestSize: true,
        responseSize: true,
      });
      metrics.start('GET', '/orders/1', 0, undefined, { ...REQUEST })?.('/orders/:id', 200, 12);

      const pushed = await pushedMetrics(registry);
      expect(Object.keys(pushed).sort()).toEqual([
        'http.server.active_requests',
        'http.server.request.body.size',
        'http.server.request.duration',
        'http.server.response.body.size',
      ]);
      expect(pushed['http.server.request.duration'].unit).toBe('s');
      expect(pushed['http.server.request.body.size'].unit).toBe('By');
      expect(pushed['http.server.response.body.size'].unit).toBe('By');
      const [point] = pushed['http.server.request.duration'].histogram.dataPoints;
      expect(point.explicitBounds).toEqual([
        0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
      ]);
      expect(Object.fromEntries(point.attributes.map((a: any) => [a.key, a.value.stringValue]))).toEqual({
        'http.request.method': 'GET',
        'http.route': '/orders/:id',
        'http.response.status_code': '200',
        'url.scheme': 'https',
        'network.protocol.version': '1.1',
      });
      // A success has no error.type: the empty label is no attribute.
      const [active] = pushed['http.server.active_requests'].gauge.dataPoints;
      expect(active.attributes.map((a: any) => a.key)).toEqual(['http.request.method', 'url.scheme']);
    });
  },
);
