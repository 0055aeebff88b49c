import { Counter, Registry, startOtlpPush, useServerlessInstanceId, withMetricsFlush } from 'promkit';
import { serverlessInstanceId } from '../../../lib/export';
import { Receiver } from '../delivery/receiver';

interface OtlpJson {
  resourceMetrics: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeMetrics: { metrics: { name: string; sum?: { dataPoints: { asDouble?: number }[] } }[] }[];
  }[];
}

describe('withMetricsFlush over startOtlpPush', () => {
  let receiver: Receiver;
  const attributes = process.env.OTEL_RESOURCE_ATTRIBUTES;

  beforeEach(async () => {
    receiver = await Receiver.start();
    process.env.OTEL_RESOURCE_ATTRIBUTES = 'service.name=orders';
  });
  afterEach(async () => {
    if (attributes === undefined) delete process.env.OTEL_RESOURCE_ATTRIBUTES;
    else process.env.OTEL_RESOURCE_ATTRIBUTES = attributes;
    await receiver.stop();
  });

  it('has pushed each invocation, with the container service.instance.id as a resource attribute, before it returns', async () => {
    const registry = new Registry();
    expect(useServerlessInstanceId()).toBe(serverlessInstanceId());
    const invocations = new Counter({ name: 'invocations', help: 'Invocations.', registers: [registry] });
    const pusher = startOtlpPush({
      url: receiver.url.replace('/api/v1/write', '/v1/metrics'),
      registry,
      encoding: 'json',
      intervalSeconds: 60,
    });
    try {
      const handler = withMetricsFlush(
        async (n: number) => {
          invocations.inc();
          return n;
        },
        { pusher, registry, deadlineSeconds: 2 },
      );
      for (let n = 1; n <= 3; n++) {
        await expect(handler(n)).resolves.toBe(n);
        const [pushed] = (JSON.parse(receiver.delivered.at(-1) ?? '{}') as OtlpJson).resourceMetrics;
        const attribute = pushed.resource.attributes.find((a) => a.key === 'service.instance.id');
        expect(attribute?.value.stringValue).toBe(serverlessInstanceId());
        const metric = pushed.scopeMetrics[0].metrics.find((m) => m.name === 'invocations_total');
        expect(metric?.sum?.dataPoints[0].asDouble).toBe(n);
      }
    } finally {
      await pusher.stop();
    }
  });
});
