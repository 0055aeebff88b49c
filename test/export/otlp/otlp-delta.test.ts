import { Counter, Histogram, pushOtlp, Registry } from '../../../lib';
import type { HistogramFamily } from '../../../lib/model';
import { decodeOtlpProtobuf } from '../../support/otlp-proto';
import { type OtlpReceiver, startOtlpReceiver } from '../../support/otlp-receiver';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());

async function pushDelta(registry: Registry): Promise<Record<string, any>> {
  await pushOtlp({ url: receiver.url, registry, temporality: 'delta' });
  const request = decodeOtlpProtobuf((await receiver.nextRequest()).body);
  const metrics = request.resourceMetrics[0].scopeMetrics[0].metrics;
  return Object.fromEntries(metrics.map((m: any) => [m.name, m]));
}

const nanos = (ms: number) => (BigInt(ms) * 1000000n).toString();

describe('pushOtlp with delta temporality', () => {
  it('reports what changed since the previous push, starting when that push was taken', async () => {
    const registry = new Registry();
    const jobs = new Counter({ name: 'jobs', help: 'Jobs', labelNames: ['kind'], registers: [registry] });
    jobs.inc({ kind: 'a' }, 5);
    jobs.inc({ kind: 'b' }, 1);
    const first = await pushDelta(registry);
    const [a1] = first.jobs_total.sum.dataPoints;
    expect(first.jobs_total.sum.aggregationTemporality).toBe(1);
    expect(a1.asDouble).toBe(5);
    // A series seen for the first time reports everything since it was created.
    expect(a1.startTimeUnixNano).toBe(nanos(jobs.labels({ kind: 'a' }).created));

    jobs.inc({ kind: 'a' }, 2);
    const second = await pushDelta(registry);
    const points = second.jobs_total.sum.dataPoints;
    // kind=b saw nothing new and is left out, as the OpenTelemetry SDK leaves it out.
    expect(points).toHaveLength(1);
    expect(points[0].asDouble).toBe(2);
    expect(points[0].startTimeUnixNano).toBe(a1.timeUnixNano);
  });

  it('after a reset, reports the new count from the new start, not a negative delta', async () => {
    const registry = new Registry();
    const jobs = new Counter({ name: 'jobs', help: 'Jobs', registers: [registry] });
    jobs.inc(10);
    await pushDelta(registry);
    await new Promise((resolve) => setTimeout(resolve, 5));
    jobs.reset();
    jobs.inc(3);
    const after = await pushDelta(registry);
    const [point] = after.jobs_total.sum.dataPoints;
    expect(point.asDouble).toBe(3);
    expect(point.startTimeUnixNano).toBe(nanos(jobs.labels().created));
  });

  it('reports classic histogram buckets as what each bucket gained', async () => {
    const registry = new Registry();
    const h = new Histogram({ name: 'lat', help: 'L', buckets: [1, 10], registers: [registry] });
    h.observe(0.5);
    h.observe(5);
    await pushDelta(registry);
    h.observe(5);
    h.observe(50);
    const [point] = (await pushDelta(registry)).lat.histogram.dataPoints;
    expect(point.bucketCounts).toEqual(['0', '1', '1']);
    expect(point.count).toBe('2');
    expect(point.sum).toBe(55);
  });

  it('subtracts native buckets at the current scale when the histogram lowered its resolution', async () => {
    // A collector stands in for a native histogram that went from schema 1 to schema 0 between pushes.
    let family: HistogramFamily;
    const nativeFamily = (
      schema: number,
      positive: { offset: number; counts: number[] }[],
      count: number,
    ) => ({
      name: 'sizes',
      help: 'Sizes',
      type: 'histogram' as const,
      points: [
        {
          labelNames: [],
          labelValues: [],
          upperBounds: [],
          bucketCounts: [count],
          count,
          sum: count,
          created: 1000,
          native: { schema, zeroThreshold: 0, zeroCount: 0, positive, negative: [] },
        },
      ],
    });
    const registry = new Registry();
    registry.registerCollector({ collect: () => [family] });
    // Schema 1: buckets 1 and 2 are (1, 1.41] and (1.41, 2]; at schema 0 both are bucket 1, (1, 2].
    family = nativeFamily(1, [{ offset: 1, counts: [1, 1] }], 2);
    await pushDelta(registry);
    family = nativeFamily(0, [{ offset: 1, counts: [3, 1] }], 4);
    const [point] = (await pushDelta(registry)).sizes.exponentialHistogram.dataPoints;
    expect(point.scale ?? 0).toBe(0);
    expect(point.count).toBe('2');
    // Prometheus bucket 1 gained 1 (3 - 2), bucket 2 gained 1: OTLP buckets 0 and 1.
    expect(point.positive).toEqual({ bucketCounts: ['1', '1'] });
  });
});
