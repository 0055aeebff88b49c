import { Counter, Gauge, Histogram, pushOtlp, Registry } from '../../../lib';
import type { MetricFamily } from '../../../lib/model';
import { decodeOtlpProtobuf } from '../../support/otlp-proto';
import { type OtlpReceiver, startOtlpReceiver } from '../../support/otlp-receiver';

/**
 * A protobuf push reuses the bytes the previous push of the registry wrote
 * for each data point whose labels did not change. Each push here is checked
 * against a JSON push of the same state (which is mapped afresh every time):
 * apart from the collection time, they must carry the same export.
 */

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());

async function push(registry: Registry, encoding: 'protobuf' | 'json', temporality?: 'delta'): Promise<any> {
  await pushOtlp({ url: receiver.url, registry, encoding, temporality });
  const { body } = await receiver.nextRequest();
  return encoding === 'json' ? JSON.parse(body.toString('utf8')) : decodeOtlpProtobuf(body);
}

function metricsOf(request: any): Record<string, any> {
  const metrics = request.resourceMetrics[0].scopeMetrics[0].metrics;
  return Object.fromEntries(metrics.map((m: any) => [m.name, m]));
}

/** Every data point's time, which is when its push collected: the same in every point of one push. */
function timesOf(request: any): Set<string> {
  const times = new Set<string>();
  for (const m of request.resourceMetrics[0].scopeMetrics[0].metrics)
    for (const p of (m.sum ?? m.gauge ?? m.histogram).dataPoints) times.add(p.timeUnixNano);
  return times;
}

/** The request without its collection time (and with JSON's empty attribute lists left out, as protobuf leaves them). */
function withoutTimes(request: any): any {
  return JSON.parse(
    JSON.stringify(request, (key, value) =>
      key === 'timeUnixNano' || (key === 'attributes' && value.length === 0) ? undefined : value,
    ),
  );
}

/** The protobuf push, after checking it carries what a JSON push of the same state carries. */
async function pushChecked(registry: Registry): Promise<any> {
  const protobuf = await push(registry, 'protobuf');
  const json = await push(registry, 'json');
  expect(withoutTimes(protobuf)).toEqual(withoutTimes(json));
  return protobuf;
}

function pointsOf(request: any, name: string): Record<string, any> {
  const metric = metricsOf(request)[name];
  const points = (metric.sum ?? metric.gauge).dataPoints;
  return Object.fromEntries(
    points.map((p: any) => [p.attributes.map((a: any) => `${a.key}=${a.value.stringValue}`).join(','), p]),
  );
}

describe('repeated OTLP pushes of one registry', () => {
  it('show the series added, removed and changed since the previous push', async () => {
    const registry = new Registry();
    const jobs = new Counter({ name: 'jobs', help: 'Jobs', labelNames: ['queue'], registers: [registry] });
    const depth = new Gauge({ name: 'depth', help: 'Depth', labelNames: ['queue'], registers: [registry] });
    for (const queue of ['a', 'b', 'c']) {
      jobs.inc({ queue }, 1);
      depth.set({ queue }, 2);
    }
    await pushChecked(registry);

    jobs.inc({ queue: 'b' }, 5);
    depth.set({ queue: 'c' }, -0.5);
    jobs.remove({ queue: 'a' });
    jobs.inc({ queue: `long-${'x'.repeat(200)}` }, 7);
    jobs.inc({ queue: 'é' }, 3);
    const second = await pushChecked(registry);
    expect(Object.keys(pointsOf(second, 'jobs_total')).sort()).toEqual(
      ['queue=b', 'queue=c', `queue=long-${'x'.repeat(200)}`, 'queue=é'].sort(),
    );
    expect(pointsOf(second, 'jobs_total')['queue=b'].asDouble).toBe(6);
    expect(pointsOf(second, 'depth')['queue=c'].asDouble).toBe(-0.5);

    const third = await pushChecked(registry);
    expect(withoutTimes(third)).toEqual(withoutTimes(second));
    const [secondTime] = timesOf(second);
    expect(timesOf(third).size).toBe(1);
    expect(BigInt([...timesOf(third)][0])).toBeGreaterThanOrEqual(BigInt(secondTime));
  });

  it('give a reset series its new start time, and a new exemplar its exemplar', async () => {
    const registry = new Registry();
    const jobs = new Counter({ name: 'jobs', help: 'Jobs', labelNames: ['queue'], registers: [registry] });
    jobs.inc({ queue: 'a' }, 1);
    jobs.inc({ queue: 'b' }, 1);
    await pushChecked(registry);
    await new Promise((resolve) => setTimeout(resolve, 5));
    jobs.reset();
    jobs.inc({ queue: 'a' }, 2);
    jobs.inc({ queue: 'b' }, 1, { trace_id: 'abc' });
    const after = await pushChecked(registry);
    const points = pointsOf(after, 'jobs_total');
    expect(points['queue=a'].startTimeUnixNano).toBe(
      (BigInt(jobs.labels({ queue: 'a' }).created) * 1000000n).toString(),
    );
    expect(points['queue=b'].exemplars[0].filteredAttributes).toEqual([
      { key: 'trace_id', value: { stringValue: 'abc' } },
    ]);
    await pushChecked(registry);
  });

  it('follow a change of the default labels', async () => {
    const registry = new Registry();
    const jobs = new Counter({ name: 'jobs', help: 'Jobs', labelNames: ['queue'], registers: [registry] });
    jobs.inc({ queue: 'a' });
    await pushChecked(registry);
    registry.setDefaultLabels({ env: 'prod' });
    expect(Object.keys(pointsOf(await pushChecked(registry), 'jobs_total'))).toEqual(['queue=a,env=prod']);
    registry.setDefaultLabels({ env: 'dev' });
    expect(Object.keys(pointsOf(await pushChecked(registry), 'jobs_total'))).toEqual(['queue=a,env=dev']);
    registry.setDefaultLabels({});
    expect(Object.keys(pointsOf(await pushChecked(registry), 'jobs_total'))).toEqual(['queue=a']);
  });

  it('are not fooled by a collector that refills one array of label values', async () => {
    const registry = new Registry();
    const values = ['first'];
    let value = 1;
    registry.registerCollector({
      collect: (): MetricFamily[] => [
        {
          name: 'pool_size',
          help: 'Pool size',
          type: 'gauge',
          points: [{ labelNames: ['pool'], labelValues: values, value }],
        },
      ],
    });
    expect(Object.keys(pointsOf(await pushChecked(registry), 'pool_size'))).toEqual(['pool=first']);
    values[0] = 'second';
    value = 2;
    const second = pointsOf(await pushChecked(registry), 'pool_size');
    expect(Object.keys(second)).toEqual(['pool=second']);
    expect(second['pool=second'].asDouble).toBe(2);
  });

  it('with delta temporality, start each delta when the previous push was taken', async () => {
    const registry = new Registry();
    const jobs = new Counter({ name: 'jobs', help: 'Jobs', labelNames: ['queue'], registers: [registry] });
    new Histogram({ name: 'lat', help: 'L', buckets: [1], registers: [registry] }).observe(0.5);
    jobs.inc({ queue: 'a' }, 1);
    jobs.inc({ queue: 'b' }, 1);
    const first = await push(registry, 'protobuf', 'delta');
    // A cumulative push in between shares nothing with the delta ones but the registry.
    await pushChecked(registry);
    jobs.inc({ queue: 'a' }, 2);
    jobs.inc({ queue: 'b' }, 3);
    const second = await push(registry, 'protobuf', 'delta');
    const [firstTime] = timesOf(first);
    for (const [queue, delta] of [
      ['a', 2],
      ['b', 3],
    ] as const) {
      expect(pointsOf(second, 'jobs_total')[`queue=${queue}`]).toMatchObject({
        startTimeUnixNano: firstTime,
        asDouble: delta,
      });
    }
    jobs.inc({ queue: 'a' }, 4);
    jobs.inc({ queue: 'b' }, 4);
    const third = await push(registry, 'protobuf', 'delta');
    const [secondTime] = timesOf(second);
    expect(pointsOf(third, 'jobs_total')['queue=a']).toMatchObject({
      startTimeUnixNano: secondTime,
      asDouble: 4,
    });
    expect(pointsOf(third, 'jobs_total')['queue=b']).toMatchObject({
      startTimeUnixNano: secondTime,
      asDouble: 4,
    });
  });
});
