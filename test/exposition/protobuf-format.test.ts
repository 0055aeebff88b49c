import { Histogram, Registry } from 'promkit';
import { writeProtobuf } from '../../lib/exposition';
import { writerFor } from '../../lib/exposition/writers';
import type { MetricFamily } from '../../lib/model';
import { exactBucketIndex } from '../core/native-histogram/exact-index';
import { describeWithTool } from '../support/external-tool';
import {
  all,
  type Decoded,
  decodeFamilies,
  num,
  one,
  protocDecoder,
  scalar,
  splitDelimited,
} from '../support/protoc';
import { labels, NASTY_VALUES, realisticFamilies } from './fixtures';

const CREATED = 1_700_000_000_123;
const EXEMPLAR_AT = 1_700_000_001_500;

/** Label pairs of a decoded Metric as a record. */
function labelsOf(metric: Decoded): Record<string, string> {
  return Object.fromEntries(all(metric, 'label').map((l) => [scalar(l, 'name'), scalar(l, 'value')]));
}

/** A google.protobuf.Timestamp (possibly an unknown field: `1` seconds, `2` nanos) in milliseconds. */
function millis(ts: Decoded): number {
  const seconds = num(scalar(ts, 'seconds') ?? scalar(ts, '1'));
  const nanos = num(scalar(ts, 'nanos') ?? scalar(ts, '2') ?? '0');
  return seconds * 1000 + nanos / 1e6;
}

function exemplarOf(e: Decoded) {
  // Inside an unknown field protoc cannot name the exemplar's fields: 1 label, 2 value, 3 timestamp.
  const labelPairs = all(e, 'label').length ? all(e, 'label') : all(e, '1');
  return {
    labels: Object.fromEntries(
      labelPairs.map((l) => [scalar(l, 'name') ?? scalar(l, '1'), scalar(l, 'value') ?? scalar(l, '2')]),
    ),
    value: num(scalar(e, 'value') ?? scalar(e, '2')),
    timestamp: millis(one(e, e.timestamp ? 'timestamp' : '3')),
  };
}

/** Native buckets of one sign from spans and deltas, as index -> count. */
function nativeBuckets(histogram: Decoded, sign: 'positive' | 'negative'): Record<number, number> {
  const out: Record<number, number> = {};
  const deltas = (histogram[`${sign}_delta`] ?? []).map((d) => num(d));
  let index = 0;
  let count = 0;
  let d = 0;
  all(histogram, `${sign}_span`).forEach((span) => {
    index += num(scalar(span, 'offset') ?? '0');
    const length = num(scalar(span, 'length') ?? '0');
    for (let k = 0; k < length; k++) {
      count += deltas[d++];
      if (count !== 0) out[index] = count;
      index++;
    }
  });
  expect(d).toBe(deltas.length);
  return out;
}

describeWithTool(protocDecoder, 'protobuf exposition, decoded by protoc', () => {
  it('writes every metric type as Prometheus defines it, with exactly the values set', async () => {
    const families: MetricFamily[] = [
      {
        name: 'jobs',
        help: 'Jobs "done"\nall of them',
        type: 'counter',
        points: [
          {
            ...labels({ queue: NASTY_VALUES.unicode }),
            value: 1027,
            created: CREATED,
            exemplar: { labels: { trace_id: 'abc' }, value: 1, timestamp: EXEMPLAR_AT },
          },
          { ...labels({ queue: NASTY_VALUES.mixed }), value: 1.5e10 },
        ],
      },
      {
        name: 'temperature_celsius',
        help: 'T',
        type: 'gauge',
        unit: 'celsius',
        points: [
          { ...labels({ sensor: 'a' }), value: 0.1 + 0.2 },
          { ...labels({ sensor: 'b' }), value: -Number.MAX_VALUE, timestamp: 1_700_000_000_000 },
          { ...labels({ sensor: 'c' }), value: Number.MIN_VALUE },
          { ...labels({ sensor: 'd' }), value: Number.NEGATIVE_INFINITY },
          { ...labels({ sensor: 'e' }), value: Number.NaN },
        ],
      },
      { name: 'mystery', help: 'M', type: 'unknown', points: [{ ...labels(), value: 42 }] },
      {
        name: 'rpc_seconds',
        help: 'R',
        type: 'summary',
        points: [
          {
            ...labels(),
            quantiles: [
              { quantile: 0.5, value: 0.05 },
              { quantile: 0.99, value: 1.5 },
            ],
            count: 100,
            sum: 12.5,
            created: CREATED,
          },
        ],
      },
      {
        name: 'latency_seconds',
        help: 'L',
        type: 'histogram',
        points: [
          {
            ...labels({ route: '/a' }),
            upperBounds: [0.1, 1],
            bucketCounts: [1, 2, 3],
            count: 6,
            sum: 17.25,
            created: CREATED,
            exemplars: [
              undefined,
              { labels: { trace_id: 'mid' }, value: 0.7, timestamp: EXEMPLAR_AT },
              undefined,
            ],
          },
          {
            ...labels({ route: '/b' }),
            upperBounds: [0.1, 1],
            bucketCounts: [0, 0, 1],
            count: 1,
            sum: 5,
            exemplars: [
              undefined,
              undefined,
              { labels: { trace_id: 'slow' }, value: 5, timestamp: EXEMPLAR_AT },
            ],
          },
        ],
      },
      { name: 'build', help: 'B', type: 'info', points: [{ ...labels({ version: '1.2.3' }) }] },
      {
        name: 'feature',
        help: 'F',
        type: 'stateset',
        points: [{ ...labels(), states: ['on', 'off'], enabled: [false, true] }],
      },
      { name: 'idle', help: 'no series yet', type: 'gauge', points: [] },
    ];
    const decoded = await decodeFamilies(
      writeProtobuf(families, { defaultLabels: labels({ service: 'api' }) }),
    );
    // The empty family is left out, as client_golang leaves it out.
    expect(decoded.map((f) => [scalar(f, 'name'), scalar(f, 'type')])).toEqual([
      ['jobs_total', 'COUNTER'],
      ['temperature_celsius', 'GAUGE'],
      ['mystery', 'UNTYPED'],
      ['rpc_seconds', 'SUMMARY'],
      ['latency_seconds', 'HISTOGRAM'],
      ['build_info', 'GAUGE'],
      ['feature', 'GAUGE'],
    ]);
    const [counter, gauge, untyped, summary, histogram, info, stateset] = decoded;
    expect(scalar(counter, 'help')).toBe('Jobs "done"\nall of them');

    const [first, second] = all(counter, 'metric');
    expect(labelsOf(first)).toEqual({ service: 'api', queue: NASTY_VALUES.unicode });
    expect(labelsOf(second)).toEqual({ service: 'api', queue: NASTY_VALUES.mixed });
    const c = one(first, 'counter');
    expect(num(scalar(c, 'value'))).toBe(1027);
    expect(exemplarOf(one(c, 'exemplar'))).toEqual({
      labels: { trace_id: 'abc' },
      value: 1,
      timestamp: EXEMPLAR_AT,
    });
    // created_timestamp (field 3) is newer than the installed metrics.proto.
    expect(millis(one(c, '3'))).toBe(CREATED);
    expect(num(scalar(one(second, 'counter'), 'value'))).toBe(1.5e10);

    expect(scalar(gauge, '5')).toBe('celsius'); // MetricFamily.unit, also newer than the installed proto
    const gauges = all(gauge, 'metric');
    expect(gauges.map((m) => num(scalar(one(m, 'gauge'), 'value')))).toEqual([
      0.1 + 0.2,
      -Number.MAX_VALUE,
      Number.MIN_VALUE,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
    ]);
    expect(gauges.map((m) => scalar(m, 'timestamp_ms'))).toEqual([
      undefined,
      '1700000000000',
      undefined,
      undefined,
      undefined,
    ]);

    expect(num(scalar(one(one(untyped, 'metric'), 'untyped'), 'value'))).toBe(42);

    const s = one(one(summary, 'metric'), 'summary');
    expect([num(scalar(s, 'sample_count')), num(scalar(s, 'sample_sum'))]).toEqual([100, 12.5]);
    expect(all(s, 'quantile').map((q) => [num(scalar(q, 'quantile')), num(scalar(q, 'value'))])).toEqual([
      [0.5, 0.05],
      [0.99, 1.5],
    ]);
    expect(millis(one(s, '4'))).toBe(CREATED);

    const [h1, h2] = all(histogram, 'metric').map((m) => one(m, 'histogram'));
    expect([num(scalar(h1, 'sample_count')), num(scalar(h1, 'sample_sum'))]).toEqual([6, 17.25]);
    // Cumulative buckets; +Inf is implied by the count and written only to carry an exemplar.
    expect(
      all(h1, 'bucket').map((b) => [num(scalar(b, 'upper_bound')), num(scalar(b, 'cumulative_count'))]),
    ).toEqual([
      [0.1, 1],
      [1, 3],
    ]);
    expect(exemplarOf(one(all(h1, 'bucket')[1], 'exemplar'))).toEqual({
      labels: { trace_id: 'mid' },
      value: 0.7,
      timestamp: EXEMPLAR_AT,
    });
    expect(millis(one(h1, '15'))).toBe(CREATED);
    expect(
      all(h2, 'bucket').map((b) => [num(scalar(b, 'upper_bound')), num(scalar(b, 'cumulative_count'))]),
    ).toEqual([
      [0.1, 0],
      [1, 0],
      [Number.POSITIVE_INFINITY, 1],
    ]);
    // A classic-only histogram carries no native fields, so Prometheus reads it as classic.
    expect(h1.schema).toBeUndefined();
    expect(h1.zero_threshold).toBeUndefined();

    const infoMetric = one(info, 'metric');
    expect([labelsOf(infoMetric), num(scalar(one(infoMetric, 'gauge'), 'value'))]).toEqual([
      { service: 'api', version: '1.2.3' },
      1,
    ]);
    expect(all(stateset, 'metric').map((m) => [labelsOf(m), num(scalar(one(m, 'gauge'), 'value'))])).toEqual([
      [{ service: 'api', feature: 'on' }, 0],
      [{ service: 'api', feature: 'off' }, 1],
    ]);
  });

  it('writes native histograms: schema, zero bucket, spans and deltas of both signs, native exemplars', async () => {
    const registry = new Registry();
    const h = new Histogram({
      name: 'payload_bytes',
      help: 'P',
      buckets: [10, 1000],
      native: { schema: 3 },
      enableExemplars: true,
      registers: [registry],
    });
    const values = [0, 1e-40, 1, 1.05, 1.1, 1.2, 3, 17, 17.5, 4000, 1e6, -2, -2.1, -0.5];
    for (const v of values) h.observe(v);
    h.observe({ value: 250, exemplarLabels: { trace_id: 'native' } });
    values.push(250);
    const [family] = await decodeFamilies(await registry.metrics({ format: 'protobuf' }));
    const decoded = one(one(family, 'metric'), 'histogram');
    expect(num(scalar(decoded, 'schema'))).toBe(3);
    expect(num(scalar(decoded, 'zero_threshold'))).toBe(2 ** -128);
    expect(num(scalar(decoded, 'zero_count'))).toBe(2);
    expect(num(scalar(decoded, 'sample_count'))).toBe(values.length);
    const expected = (sign: number) => {
      const out: Record<number, number> = {};
      for (const v of values) {
        if (v * sign <= 2 ** -128) continue;
        const index = exactBucketIndex(Math.abs(v), 3);
        out[index] = (out[index] ?? 0) + 1;
      }
      return out;
    };
    expect(nativeBuckets(decoded, 'positive')).toEqual(expected(1));
    expect(nativeBuckets(decoded, 'negative')).toEqual(expected(-1));
    // Classic buckets stay alongside, so a scraper may ingest either; +Inf is implied by the count.
    expect(all(decoded, 'bucket').map((b) => num(scalar(b, 'cumulative_count')))).toEqual([
      values.filter((v) => v <= 10).length,
      values.filter((v) => v <= 1000).length,
    ]);
    // Native exemplars (field 16, each with a timestamp).
    const [exemplar] = all(decoded, '16').map(exemplarOf);
    expect(exemplar.labels).toEqual({ trace_id: 'native' });
    expect(exemplar.value).toBe(250);
    expect(exemplar.timestamp).toBeGreaterThan(CREATED);
  });

  it('marks a native histogram without observations with the no-op span', async () => {
    const registry = new Registry();
    new Histogram({ name: 'empty_seconds', help: 'E', native: { zeroThreshold: 0 }, registers: [registry] });
    const [family] = await decodeFamilies(await registry.metrics({ format: 'protobuf' }));
    const decoded = one(one(family, 'metric'), 'histogram');
    expect(
      all(decoded, 'positive_span').map((s) => [num(scalar(s, 'offset')), num(scalar(s, 'length'))]),
    ).toEqual([[0, 0]]);
    expect(num(scalar(decoded, 'zero_threshold'))).toBe(0);
  });

  it('writes long strings and large families with multi-byte lengths intact', async () => {
    const long = `${'x'.repeat(200)}${NASTY_VALUES.unicode}`;
    const points = Array.from({ length: 3000 }, (_, i) => ({
      ...labels({ id: `${i}`, note: long }),
      value: i,
    }));
    const family: MetricFamily = { name: 'wide', help: 'h'.repeat(300), type: 'gauge', points };
    const bytes = writeProtobuf([family]);
    expect(bytes.length).toBeGreaterThan(2 ** 14); // a length prefix of three bytes
    const [decoded] = await decodeFamilies(bytes);
    const metrics = all(decoded, 'metric');
    expect(metrics).toHaveLength(3000);
    expect(labelsOf(metrics[2999])).toEqual({ id: '2999', note: long });
    expect(scalar(decoded, 'help')).toBe('h'.repeat(300));
  });

  it('decodes the realistic fixture family by family, series by series', async () => {
    const families = realisticFamilies();
    const decoded = await decodeFamilies(writeProtobuf(families));
    const seriesCount = (f: MetricFamily) =>
      f.type === 'stateset' ? f.points.length * f.points[0].states.length : f.points.length;
    expect(decoded.map((f) => all(f, 'metric').length)).toEqual(families.map(seriesCount));
  });
});

describe('protobuf writer', () => {
  it('writes a family split into pieces as one message, byte for byte as whole', () => {
    const families = realisticFamilies();
    const whole = writeProtobuf(families);
    for (const size of [1, 2, 3]) {
      const writer = writerFor('protobuf').open();
      for (const family of families) {
        for (let from = 0; from < family.points.length; from += size) {
          writer.write(family, from, Math.min(family.points.length, from + size));
        }
      }
      expect(Buffer.from(writer.end()).equals(Buffer.from(whole))).toBe(true);
    }
    expect(splitDelimited(whole)).toHaveLength(families.length);
  });

  it('carries the content type Prometheus asks for', () => {
    expect(writerFor('protobuf').contentType).toBe(
      'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
    );
  });
});
