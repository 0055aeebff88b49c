import { join } from 'node:path';
import { Counter, Gauge, Histogram, Info, pushOtlp, Registry } from '../../lib';
import { runNode } from '../support/child-node';
import { decodeOtlpProtobuf, idsAsHex } from '../support/otlp-proto';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver';

/**
 * The same observations recorded in promkit and in the OpenTelemetry SDK
 * (sdk-metrics with the exporter-metrics-otlp-proto / -http exporters, in a
 * child process), each pushed to one local receiver: both payloads decode to
 * the same data points wherever the two models agree. docs/otlp.md lists
 * where they differ on purpose (names of counters and info metrics, start
 * times, min/max, SDK resource attributes).
 */

type Attributes = Record<string, string>;
type Records = [number, Attributes][];

const ENV = {
  OTEL_SERVICE_NAME: 'checkout',
  OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=test,team=a%20b',
};
// The SDK's histograms take no negative values: the negative side is checked in test/export/otlp.
// Fourteen octaves: at scale 3 that fits the SDK's 160 buckets, so it keeps the scale.
const EXPONENTIAL_VALUES = [0, 0, 1, 2, 3, 4, 0.5, 0.3, 7.7, 100, 1024, 0.07, 12.34, 3.999, 2 ** -3, 1.0905];
const SCALE = 3;

/** Two collections' worth of observations (the second for delta temporality). */
const ROUNDS: { jobs: Records; latency: Records; sizes: number[] }[] = [
  {
    jobs: [
      [3, { kind: 'a' }],
      [1.5, { kind: 'b' }],
    ],
    latency: [0.05, 0.1, 0.7, 3, 9].map((v) => [v, { route: '/a' }]),
    sizes: EXPONENTIAL_VALUES,
  },
  {
    jobs: [[2, { kind: 'a' }]],
    latency: [[0.2, { route: '/a' }]],
    // Over ten octaves: the SDK's fresh delta aggregation starts above maxScale and must come down to it.
    sizes: [5, 0, 3, 1e-2, 50],
  },
];

function sdkRounds(rounds: typeof ROUNDS) {
  return rounds.map((r, i) => [
    { type: 'counter', name: 'jobs_total', options: { description: 'Jobs done' }, records: r.jobs },
    {
      type: 'gauge',
      name: 'temperature_celsius',
      options: { description: 'Temperature', unit: 'Cel' },
      records: [[21.5 + i, {}]],
    },
    {
      type: 'histogram',
      name: 'latency_seconds',
      options: { description: 'Latency', unit: 's', advice: { explicitBucketBoundaries: [0.1, 1, 5] } },
      records: r.latency,
    },
    {
      type: 'histogram',
      name: 'sizes',
      options: { description: 'Sizes' },
      records: r.sizes.map((v) => [v, {}]),
    },
    {
      type: 'upDownCounter',
      name: 'build_info',
      options: { description: 'Build' },
      records: i === 0 ? [[1, { version: '1.2.3' }]] : [],
    },
  ]);
}

/** Sends every round with the OpenTelemetry SDK's exporter; resolves with the requests' bodies. */
async function sdkPush(receiver: OtlpReceiver, encoding: 'protobuf' | 'json', delta: boolean) {
  const spec = {
    url: receiver.url,
    encoding,
    delta,
    rounds: sdkRounds(ROUNDS),
    views: [
      {
        instrumentName: 'sizes',
        aggregation: { type: 'EXPONENTIAL_HISTOGRAM', options: { maxSize: 160, maxScale: SCALE } },
      },
    ],
  };
  const script = join(__dirname, 'fixtures', 'otel-sdk-export.cjs');
  const run = await runNode(
    [script],
    { ...process.env, ...ENV, OTEL_PARITY_SPEC: JSON.stringify(spec) },
    20_000,
  );
  if (run.code !== 0) throw new Error(`the OpenTelemetry SDK export failed:\n${run.output}`);
  return Promise.all(ROUNDS.map(() => receiver.nextRequest()));
}

/** Sends every round with pushOtlp, observing into one registry as the rounds go. */
async function promkitPush(receiver: OtlpReceiver, encoding: 'protobuf' | 'json', delta: boolean) {
  const registry = new Registry();
  const jobs = new Counter({ name: 'jobs', help: 'Jobs done', labelNames: ['kind'], registers: [registry] });
  const temperature = new Gauge({
    name: 'temperature_celsius',
    help: 'Temperature',
    unit: 'celsius',
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'latency_seconds',
    help: 'Latency',
    unit: 'seconds',
    buckets: [0.1, 1, 5],
    labelNames: ['route'],
    registers: [registry],
  });
  const sizes = new Histogram({
    name: 'sizes',
    help: 'Sizes',
    native: { schema: SCALE },
    registers: [registry],
  });
  new Info({ name: 'build', help: 'Build', registers: [registry] }).info({ version: '1.2.3' });
  const requests = [];
  for (const [i, round] of ROUNDS.entries()) {
    for (const [v, labels] of round.jobs) jobs.inc(labels, v);
    temperature.set(21.5 + i);
    for (const [v, labels] of round.latency) latency.observe(labels, v);
    for (const v of round.sizes) sizes.observe(v);
    await pushOtlp({ url: receiver.url, registry, encoding, temporality: delta ? 'delta' : 'cumulative' });
    requests.push(await receiver.nextRequest());
  }
  return requests;
}

function attributes(list: any[] | undefined): Attributes {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, kv.value.stringValue]));
}

/** Bucket index → count, without empty buckets, whatever offset and zero padding were chosen. */
function buckets(b: any): Record<number, number> {
  const out: Record<number, number> = {};
  (b?.bucketCounts ?? []).forEach((c: string | number, k: number) => {
    if (Number(c) !== 0) out[(b.offset ?? 0) + k] = Number(c);
  });
  return out;
}

/**
 * To 12 significant digits: a delta promkit sends is the difference of two
 * cumulative sums, the SDK's a sum of its own, so the last bits may differ.
 */
function roughly(v: number | undefined): number | undefined {
  return v === undefined ? undefined : Number(v.toPrecision(12));
}

const KINDS = ['sum', 'gauge', 'histogram', 'exponentialHistogram'];

/** What both models carry, per metric and series: the fields compared. */
function comparable(request: any) {
  const [resourceMetrics] = request.resourceMetrics;
  const metrics: Record<string, any> = {};
  for (const m of resourceMetrics.scopeMetrics.flatMap((s: any) => s.metrics)) {
    const kind = Object.keys(m).find((k) => KINDS.includes(k))!;
    const data = m[kind];
    const points = data.dataPoints
      .map((p: any) => ({
        attributes: attributes(p.attributes),
        value: roughly(p.asDouble),
        count: p.count === undefined ? undefined : Number(p.count),
        sum: roughly(p.sum),
        bucketCounts: p.bucketCounts?.map(Number),
        explicitBounds: p.explicitBounds,
        scale: p.scale,
        zeroCount: p.zeroCount === undefined ? undefined : Number(p.zeroCount),
        positive: kind === 'exponentialHistogram' ? buckets(p.positive) : undefined,
        negative: kind === 'exponentialHistogram' ? buckets(p.negative) : undefined,
        timed: BigInt(p.timeUnixNano) > 0n,
      }))
      .sort((a: any, b: any) => JSON.stringify(a.attributes).localeCompare(JSON.stringify(b.attributes)));
    metrics[m.name] = {
      kind,
      description: m.description,
      unit: m.unit ?? '',
      temporality: data.aggregationTemporality,
      monotonic: kind === 'sum' ? Boolean(data.isMonotonic) : undefined,
      points,
    };
  }
  return { resource: attributes(resourceMetrics.resource.attributes), metrics };
}

function decode(body: Buffer, encoding: 'protobuf' | 'json'): any {
  return idsAsHex(encoding === 'json' ? JSON.parse(body.toString('utf8')) : decodeOtlpProtobuf(body));
}

let receiver: OtlpReceiver;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  for (const [key, value] of Object.entries(ENV)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
});

afterAll(async () => {
  await receiver.close();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe.each([
  ['protobuf', false],
  ['json', false],
  ['protobuf', true],
] as const)('pushOtlp and the OpenTelemetry SDK exporter (%s, delta: %s)', (encoding, delta) => {
  let ours: ReturnType<typeof comparable>[];
  let theirs: ReturnType<typeof comparable>[];

  beforeAll(async () => {
    const ourRequests = await promkitPush(receiver, encoding, delta);
    const theirRequests = await sdkPush(receiver, encoding, delta);
    expect(ourRequests[0].headers['content-type']).toBe(theirRequests[0].headers['content-type']);
    ours = ourRequests.map((r) => comparable(decode(r.body, encoding)));
    theirs = theirRequests.map((r) => comparable(decode(r.body, encoding)));
  }, 30_000);

  it.each([0, 1])('sends the same metrics, kinds, units, temporality and points (collection %d)', (round) => {
    const their = theirs[round].metrics;
    const our = ours[round].metrics;
    const names = Object.keys(their).sort();
    expect(Object.keys(our).sort()).toEqual(names);
    for (const name of names) expect({ name, ...our[name] }).toEqual({ name, ...their[name] });
  });

  it('puts the native buckets where the SDK exponential aggregation puts them, at the same scale', () => {
    const point = ours[0].metrics.sizes.points[0];
    expect(point.scale).toBe(SCALE);
    expect(point.zeroCount).toBe(2);
    expect(Object.keys(point.positive).length).toBeGreaterThan(5);
    expect(point.positive).toEqual(theirs[0].metrics.sizes.points[0].positive);
  });

  it('sends the resource the OTEL_* environment variables describe', () => {
    for (const key of ['service.name', 'deployment.environment', 'team']) {
      expect([key, ours[0].resource[key]]).toEqual([key, theirs[0].resource[key]]);
    }
    expect(ours[0].resource.team).toBe('a b');
  });
});
