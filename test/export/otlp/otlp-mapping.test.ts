import { Counter, OtlpPushError, pushOtlp, Registry } from '../../../lib';
import { MetricConfigError } from '../../../lib/core/validation';
import type { MetricFamily } from '../../../lib/model';
import { decodeOtlpProtobuf, idsAsHex } from '../../support/otlp-proto';
import { type OtlpReceiver, startOtlpReceiver } from '../../support/otlp-receiver';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const CREATED = 1_700_000_000_123;
const AT = 1_700_000_100_456;

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());
afterEach(() => receiver.answer(() => ({ status: 200 })));

function registryOf(families: MetricFamily[]): Registry {
  const registry = new Registry();
  registry.registerCollector({ collect: () => families });
  return registry;
}

async function pushed(registry: Registry, encoding: 'protobuf' | 'json' = 'protobuf'): Promise<any> {
  await pushOtlp({ url: receiver.url, registry, encoding });
  const { body } = await receiver.nextRequest();
  return encoding === 'json' ? JSON.parse(body.toString('utf8')) : idsAsHex(decodeOtlpProtobuf(body));
}

function metricsOf(request: any): Record<string, any> {
  const [scope] = request.resourceMetrics[0].scopeMetrics;
  return Object.fromEntries(scope.metrics.map((m: any) => [m.name, m]));
}

/** Fields at their default (empty, zero, false) dropped, as protobuf drops them and JSON may not. */
function withoutDefaults(value: any): any {
  if (Array.isArray(value)) return value.map(withoutDefaults);
  if (value === null || typeof value !== 'object') return value;
  const out: any = {};
  for (const [k, v] of Object.entries(value)) {
    const isDefault = v === 0 || v === '0' || v === false || v === '' || (Array.isArray(v) && v.length === 0);
    if (!isDefault) out[k] = withoutDefaults(v);
  }
  return out;
}

const attrs = (entries: Record<string, string>) =>
  Object.entries(entries).map(([key, value]) => ({ key, value: { stringValue: value } }));

const FAMILIES: MetricFamily[] = [
  {
    name: 'jobs',
    help: 'Jobs',
    type: 'counter',
    points: [
      {
        labelNames: ['queue'],
        labelValues: ['q1'],
        value: 7,
        created: CREATED,
        exemplar: { labels: { trace_id: TRACE_ID, span_id: SPAN_ID, user: 'u1' }, value: 2, timestamp: AT },
      },
    ],
  },
  {
    name: 'payload_bytes',
    help: 'Payloads',
    type: 'histogram',
    unit: 'bytes',
    points: [
      {
        labelNames: [],
        labelValues: [],
        upperBounds: [10, 100],
        bucketCounts: [1, 0, 2],
        count: 3,
        sum: 1234,
        created: CREATED,
        exemplars: [undefined, undefined, { labels: { trace_id: 'not-a-trace' }, value: 900, timestamp: AT }],
      },
    ],
  },
  {
    name: 'skew',
    help: 'Skew',
    type: 'histogram',
    points: [
      {
        labelNames: [],
        labelValues: [],
        upperBounds: [],
        bucketCounts: [6],
        count: 6,
        sum: -3.5,
        native: {
          schema: 0,
          zeroThreshold: 0.001,
          zeroCount: 1,
          // Prometheus' bucket 1 is (1, 2], bucket 3 is (4, 8]; a gap inside a run; negative (0.5, 1] and (1, 2].
          positive: [{ offset: 1, counts: [1, 0, 2] }],
          negative: [
            { offset: 0, counts: [1] },
            { offset: 1, counts: [1] },
          ],
          exemplars: [{ labels: { trace_id: TRACE_ID }, value: 5, timestamp: AT }],
        },
      },
    ],
  },
  {
    name: 'rpc_duration_seconds',
    help: 'RPCs',
    type: 'summary',
    points: [
      {
        labelNames: [],
        labelValues: [],
        quantiles: [
          { quantile: 0.5, value: 0.2 },
          { quantile: 0.99, value: 1.5 },
        ],
        count: 10,
        sum: 4,
        created: CREATED,
      },
    ],
  },
  { name: 'build', help: 'Build', type: 'info', points: [{ labelNames: ['version'], labelValues: ['2.0'] }] },
  {
    name: 'door',
    help: 'Door',
    type: 'stateset',
    points: [{ labelNames: [], labelValues: [], states: ['open', 'closed'], enabled: [false, true] }],
  },
  {
    name: 'legacy',
    help: 'Legacy',
    type: 'unknown',
    points: [{ labelNames: [], labelValues: [], value: 3 }],
  },
  { name: 'ratio', help: 'Ratio', type: 'gauge', unit: 'ratio', points: [] },
  {
    name: 'target',
    help: 'Target metadata',
    type: 'info',
    points: [{ labelNames: ['service_version', 'zone'], labelValues: ['1.4', 'eu-1'] }],
  },
];

describe('pushOtlp mapping', () => {
  let request: any;
  let metrics: Record<string, any>;
  beforeAll(async () => {
    const registry = registryOf(FAMILIES);
    registry.setDefaultLabels({ region: 'west', queue: 'ignored-where-set' });
    request = await pushed(registry);
    metrics = metricsOf(request);
  });

  it('names the scope promkit and makes target_info the resource, not a metric', () => {
    const { resource, scopeMetrics } = request.resourceMetrics[0];
    expect(scopeMetrics[0].scope.name).toBe('promkit');
    // Labels become attributes unaltered, as the compatibility spec asks.
    expect(resource.attributes).toEqual(
      attrs({ 'service.name': 'unknown_service:node', service_version: '1.4', zone: 'eu-1' }),
    );
    expect(Object.keys(metrics)).not.toContain('target');
    expect(Object.keys(metrics)).not.toContain('target_info');
  });

  it('sends a counter as a monotonic cumulative sum named as Prometheus stores it, from its created time', () => {
    const sum = metrics.jobs_total.sum;
    expect(sum.isMonotonic).toBe(true);
    expect(sum.aggregationTemporality).toBe(2);
    const [point] = sum.dataPoints;
    expect(point.asDouble).toBe(7);
    expect(point.startTimeUnixNano).toBe('1700000000123000000');
    expect(point.attributes).toEqual(attrs({ queue: 'q1', region: 'west' }));
    expect(metrics.jobs_total.metadata).toEqual(attrs({ 'prometheus.type': 'counter' }));
  });

  it('carries exemplars with their trace and span ids as bytes, other labels as attributes', () => {
    const [exemplar] = metrics.jobs_total.sum.dataPoints[0].exemplars;
    expect(exemplar).toEqual({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      asDouble: 2,
      timeUnixNano: '1700000100456000000',
      filteredAttributes: attrs({ user: 'u1' }),
    });
    // An id that is not one stays a label.
    const [bucketExemplar] = metrics.payload_bytes.histogram.dataPoints[0].exemplars;
    expect(bucketExemplar.traceId).toBeUndefined();
    expect(bucketExemplar.filteredAttributes).toEqual(attrs({ trace_id: 'not-a-trace' }));
  });

  it('sends a classic histogram as an explicit-bucket histogram with its unit in UCUM', () => {
    const m = metrics.payload_bytes;
    expect(m.unit).toBe('By');
    const [point] = m.histogram.dataPoints;
    expect(point).toMatchObject({
      count: '3',
      sum: 1234,
      bucketCounts: ['1', '0', '2'],
      explicitBounds: [10, 100],
    });
  });

  it('sends native buckets one index lower, densely, with the zero bucket and threshold', () => {
    const [point] = metrics.skew.exponentialHistogram.dataPoints;
    expect(point).toMatchObject({ zeroCount: '1', zeroThreshold: 0.001, count: '6', sum: -3.5 });
    expect(point.scale ?? 0).toBe(0);
    expect(point.positive).toEqual({ bucketCounts: ['1', '0', '2'] }); // offset 0 is left out, as protobuf does
    expect(point.negative).toEqual({ offset: -1, bucketCounts: ['1', '1'] });
    expect(point.exemplars[0].traceId).toBe(TRACE_ID);
  });

  it('sends summaries as summaries, info as a non-monotonic sum of 1, statesets as one point per state', () => {
    expect(metrics.rpc_duration_seconds.summary.dataPoints[0]).toMatchObject({
      count: '10',
      sum: 4,
      startTimeUnixNano: '1700000000123000000',
      quantileValues: [
        { quantile: 0.5, value: 0.2 },
        { quantile: 0.99, value: 1.5 },
      ],
    });
    expect(metrics.build_info.sum.isMonotonic).toBeUndefined();
    expect(metrics.build_info.sum.dataPoints[0].asDouble).toBe(1);
    expect(metrics.build_info.metadata).toEqual(attrs({ 'prometheus.type': 'info' }));
    expect(
      metrics.door.sum.dataPoints.map((p: any) => [
        p.attributes.find((a: any) => a.key === 'door').value.stringValue,
        p.asDouble,
      ]),
    ).toEqual([
      ['open', 0],
      ['closed', 1],
    ]);
    expect(metrics.door.metadata).toEqual(attrs({ 'prometheus.type': 'stateset' }));
  });

  it('sends unknown-typed families as gauges marked unknown, and leaves out families without series', () => {
    expect(metrics.legacy.gauge.dataPoints[0].asDouble).toBe(3);
    expect(metrics.legacy.metadata).toEqual(attrs({ 'prometheus.type': 'unknown' }));
    expect(metrics.ratio).toBeUndefined();
  });

  it('writes UTF-8 and long label values and help texts exactly', async () => {
    const long = 'x'.repeat(300);
    const registry = registryOf([
      {
        name: 'labels',
        help: `Help ${long}`,
        type: 'gauge',
        points: [
          { labelNames: ['city', 'path'], labelValues: ['Zürich ☃', long], value: 1 },
          { labelNames: ['city', 'path'], labelValues: ['𝔘nicode', ''], value: 2 },
        ],
      },
    ]);
    const m = metricsOf(await pushed(registry)).labels;
    expect(m.description).toBe(`Help ${long}`);
    expect(m.gauge.dataPoints.map((p: any) => p.attributes)).toEqual([
      attrs({ city: 'Zürich ☃', path: long }),
      // An empty value is still a string value: the oneof is set.
      attrs({ city: '𝔘nicode', path: '' }),
    ]);
  });

  it('writes the same export in JSON as in protobuf', async () => {
    const registry = registryOf(FAMILIES);
    const fromProto = await pushed(registry, 'protobuf');
    const fromJson = await pushed(registry, 'json');
    // Each push has its own time; everything else must match field for field.
    const withoutTimes = (r: any) =>
      JSON.parse(JSON.stringify(r).replace(/"timeUnixNano":"\d+"/g, '"timeUnixNano":"T"'));
    expect(withoutDefaults(withoutTimes(fromJson))).toEqual(withoutDefaults(withoutTimes(fromProto)));
  });
});

describe('pushOtlp resource', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env.OTEL_SERVICE_NAME = saved.OTEL_SERVICE_NAME;
    process.env.OTEL_RESOURCE_ATTRIBUTES = saved.OTEL_RESOURCE_ATTRIBUTES;
    if (saved.OTEL_SERVICE_NAME === undefined) delete process.env.OTEL_SERVICE_NAME;
    if (saved.OTEL_RESOURCE_ATTRIBUTES === undefined) delete process.env.OTEL_RESOURCE_ATTRIBUTES;
  });

  it('takes OTEL_SERVICE_NAME over OTEL_RESOURCE_ATTRIBUTES, and the registry target_info over both', async () => {
    process.env.OTEL_SERVICE_NAME = 'api';
    process.env.OTEL_RESOURCE_ATTRIBUTES = 'service.name=ignored,host.name=h%2C1,team=core';
    const registry = new Registry();
    registry.setTargetInfo({ team: 'payments' });
    new Counter({ name: 'c', help: 'c', registers: [registry] }).inc();
    const request = await pushed(registry);
    expect(request.resourceMetrics[0].resource.attributes).toEqual(
      attrs({ 'service.name': 'api', 'host.name': 'h,1', team: 'payments' }),
    );
  });

  it('skips a malformed pair of OTEL_RESOURCE_ATTRIBUTES, as Remote Write reads it, and keeps the others', async () => {
    process.env.OTEL_RESOURCE_ATTRIBUTES = 'team=core,oops,=x,zone=%E2%98%83';
    const registry = new Registry();
    new Counter({ name: 'c', help: 'c', registers: [registry] }).inc();
    const request = await pushed(registry);
    expect(request.resourceMetrics[0].resource.attributes).toEqual(
      attrs({ team: 'core', zone: '☃', 'service.name': 'unknown_service:node' }),
    );
  });
});

describe('pushOtlp delivery and options', () => {
  it('sends OTLP/HTTP protobuf by default, JSON on request, with the caller headers', async () => {
    const registry = registryOf(FAMILIES);
    const result = await pushOtlp({ url: receiver.url, registry, headers: { authorization: 'Bearer t' } });
    const request = await receiver.nextRequest();
    expect(request.headers['content-type']).toBe('application/x-protobuf');
    expect(request.headers.authorization).toBe('Bearer t');
    expect(result).toEqual({ status: 200, dataPoints: 8 });
    await pushOtlp({ url: receiver.url, registry, encoding: 'json' });
    expect((await receiver.nextRequest()).headers['content-type']).toBe('application/json');
  });

  it('rejects with the url, status and the receiver message when the receiver refuses, without retrying', async () => {
    receiver.answer(() => ({ status: 400, body: 'bad metric name' }));
    const registry = registryOf(FAMILIES);
    const warnings: string[] = [];
    registry.setWarningLogger((message) => warnings.push(message));
    const before = receiver.requests.length;
    const push = pushOtlp({ url: receiver.url, registry });
    await expect(push).rejects.toThrow(OtlpPushError);
    await expect(push).rejects.toMatchObject({ status: 400, body: 'bad metric name' });
    await expect(push).rejects.toThrow(`POST ${receiver.url} answered 400: bad metric name`);
    expect(receiver.requests.length - before).toBe(1);
    expect(warnings.join('\n')).toContain('answered 400: bad metric name');
    await receiver.nextRequest();
  });

  it.each([429, 502, 503, 504])(
    'retries a %d, after the Retry-After the receiver asks for',
    async (status) => {
      let calls = 0;
      receiver.answer(() => (++calls === 1 ? { status, headers: { 'retry-after': '1' } } : { status: 200 }));
      const registry = registryOf(FAMILIES);
      registry.setWarningLogger(() => {});
      const started = Date.now();
      await expect(pushOtlp({ url: receiver.url, registry })).resolves.toMatchObject({ status: 200 });
      expect(calls).toBe(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      receiver.skipReceived();
    },
  );

  it('rejects, without hanging, when nothing listens at the url', async () => {
    const closed = await startOtlpReceiver();
    const url = closed.url;
    await closed.close();
    const registry = registryOf(FAMILIES);
    registry.setWarningLogger(() => {});
    const started = Date.now();
    await expect(pushOtlp({ url, registry, timeoutSeconds: 0.5 })).rejects.toThrow(OtlpPushError);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('gives up once timeoutSeconds have passed with the receiver still unavailable', async () => {
    receiver.answer(() => ({ status: 503 }));
    const registry = registryOf(FAMILIES);
    registry.setWarningLogger(() => {});
    const before = receiver.requests.length;
    const push = pushOtlp({ url: receiver.url, registry, timeoutSeconds: 0.5 });
    await expect(push).rejects.toThrow(`POST ${receiver.url}: not delivered within 0.5 s`);
    expect(receiver.requests.length - before).toBeGreaterThan(1);
    receiver.skipReceived();
  });

  it.each([
    [{}, 'pushOtlp: the option url is required'],
    [{ url: 'ftp://x' }, 'url must be an http(s) URL'],
    [
      { url: 'http://127.0.0.1:1/v1/metrics', temporality: 'deltas' },
      "temporality must be 'cumulative' or 'delta', got 'deltas'",
    ],
    [
      { url: 'http://127.0.0.1:1/v1/metrics', encoding: 'proto' },
      "encoding must be 'protobuf' or 'json', got 'proto'",
    ],
    [
      { url: 'http://127.0.0.1:1/v1/metrics', timeoutSeconds: 0 },
      'timeoutSeconds must be a number of seconds above 0',
    ],
    [{ url: 'http://127.0.0.1:1/v1/metrics', interval: 5 }, 'unknown option "interval"'],
  ])('refuses bad options %j with an error naming the option', async (options, message) => {
    const push = pushOtlp(options as any);
    await expect(push).rejects.toThrow(MetricConfigError);
    await expect(push).rejects.toThrow(message);
  });
});
