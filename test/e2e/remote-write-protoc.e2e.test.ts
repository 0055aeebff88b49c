import { Counter, Gauge, Histogram, pushRemoteWrite, Registry, Summary } from 'promkit';
import { describeWithTool } from '../support/external-tool';
import { all, type Decoded, decodeRemoteWrite, num, one, protocRemoteWrite, scalar } from '../support/protoc';
import { type FakeReceiver, startFakeReceiver } from '../support/remote-write-receiver';

/**
 * promkit's Remote Write requests decoded by protoc with the schemas written
 * from the specs (test/fixtures/remote-write), field by field.
 */

const CREATED_AFTER = Date.now() - 1;

function registryWithEverything(): Registry {
  const registry = new Registry();
  const jobs = new Counter({
    name: 'jobs_total',
    help: 'Jobs done.',
    labelNames: ['queue', 'Zone'],
    registers: [registry],
    enableExemplars: true,
  });
  jobs.inc({ labels: { queue: 'mail', Zone: 'eu' }, value: 3, exemplarLabels: { trace_id: 'abc' } });
  new Gauge({
    name: 'temperature_celsius',
    help: 'Temperature.',
    unit: 'celsius',
    registers: [registry],
  }).set(21.5);
  const latency = new Histogram({
    name: 'latency_seconds',
    help: 'Latency.',
    buckets: [0.5, 1],
    registers: [registry],
  });
  latency.observe(0.2);
  latency.observe(0.7);
  latency.observe(3);
  new Summary({ name: 'size_bytes', help: 'Sizes.', percentiles: [0.5], registers: [registry] }).observe(4);
  const native = new Histogram({
    name: 'native_seconds',
    help: 'Native.',
    native: { schema: 0 },
    registers: [registry],
  });
  native.observe(1.5);
  native.observe(3);
  native.observe(3.5);
  return registry;
}

/** The series of a 2.0 request with their labels resolved through the symbols table. */
function v2Series(request: Decoded) {
  const symbols = (request.symbols ?? []) as string[];
  return all(request, 'timeseries').map((ts) => {
    const refs = ((ts.labels_refs ?? []) as string[]).map(Number);
    const labels: [string, string][] = [];
    for (let i = 0; i < refs.length; i += 2) labels.push([symbols[refs[i]], symbols[refs[i + 1]]]);
    return { ts, labels, name: labels.find(([n]) => n === '__name__')?.[1] };
  });
}

describeWithTool(protocRemoteWrite, 'Remote Write requests decoded by protoc', () => {
  let receiver: FakeReceiver;

  beforeAll(async () => {
    receiver = await startFakeReceiver();
  });
  afterAll(() => receiver.close());

  it('writes a 2.0 Request: symbols from the empty string, sorted label refs, metadata, start timestamps, exemplars, histograms', async () => {
    const registry = registryWithEverything();
    await pushRemoteWrite({
      url: receiver.url,
      registry,
      job: 'api',
      instance: 'host-1',
      customBuckets: true,
    });
    const write = receiver.received.at(-1)!;
    expect(write.headers['content-type']).toBe('application/x-protobuf;proto=io.prometheus.write.v2.Request');
    expect(write.headers['content-encoding']).toBe('snappy');
    expect(write.headers['x-prometheus-remote-write-version']).toBe('2.0.0');
    expect(write.headers['user-agent']).toMatch(/^promkit/);
    const request = await decodeRemoteWrite(write.body, '2.0');
    const symbols = request.symbols as string[];
    expect(symbols[0]).toBe('');
    expect(new Set(symbols).size).toBe(symbols.length);
    const series = v2Series(request);
    for (const { labels } of series) {
      const names = labels.map(([n]) => n);
      expect(names).toEqual([...names].sort());
      expect(labels).toEqual(
        expect.arrayContaining([
          ['job', 'api'],
          ['instance', 'host-1'],
        ]),
      );
    }

    const counter = series.find((s) => s.name === 'jobs_total')!;
    expect(counter.labels.map(([n]) => n)).toEqual(['Zone', '__name__', 'instance', 'job', 'queue']);
    const sample = one(counter.ts, 'samples');
    expect(num(scalar(sample, 'value'))).toBe(3);
    expect(Number(scalar(sample, 'start_timestamp'))).toBeGreaterThanOrEqual(CREATED_AFTER);
    const metadata = one(counter.ts, 'metadata');
    expect(scalar(metadata, 'type')).toBe('METRIC_TYPE_COUNTER');
    expect(symbols[Number(scalar(metadata, 'help_ref'))]).toBe('Jobs done.');
    const exemplar = one(counter.ts, 'exemplars');
    expect(num(scalar(exemplar, 'value'))).toBe(3);
    expect(((exemplar.labels_refs ?? []) as string[]).map((r) => symbols[Number(r)])).toEqual([
      'trace_id',
      'abc',
    ]);
    expect(Number(scalar(exemplar, 'timestamp'))).toBeGreaterThan(0);

    const gauge = series.find((s) => s.name === 'temperature_celsius')!;
    expect(num(scalar(one(gauge.ts, 'samples'), 'value'))).toBe(21.5);
    expect(scalar(one(gauge.ts, 'samples'), 'start_timestamp')).toBeUndefined();
    expect(symbols[Number(scalar(one(gauge.ts, 'metadata'), 'unit_ref'))]).toBe('celsius');

    const buckets = series.filter((s) => s.name === 'latency_seconds_bucket');
    expect(buckets.map((s) => Object.fromEntries(s.labels).le)).toEqual(['0.5', '1', '+Inf']);
    expect(buckets.map((s) => num(scalar(one(s.ts, 'samples'), 'value')))).toEqual([1, 2, 3]);
    expect(scalar(one(buckets[0].ts, 'metadata'), 'type')).toBe('METRIC_TYPE_HISTOGRAM');

    // The same classic histogram as custom buckets (schema −53), because customBuckets asked for it.
    const nhcb = one(series.find((s) => s.name === 'latency_seconds')!.ts, 'histograms');
    expect(scalar(nhcb, 'schema')).toBe('-53');
    expect((nhcb.custom_values as string[]).map(num)).toEqual([0.5, 1]);
    expect(scalar(nhcb, 'count_int')).toBe('3');
    expect((nhcb.positive_deltas as string[]).map(Number)).toEqual([1, 0, 0]);
    expect(Number(scalar(nhcb, 'start_timestamp'))).toBeGreaterThanOrEqual(CREATED_AFTER);

    const quantile = series.find(
      (s) => s.name === 'size_bytes' && Object.fromEntries(s.labels).quantile === '0.5',
    )!;
    expect(num(scalar(one(quantile.ts, 'samples'), 'value'))).toBe(4);

    const native = one(series.find((s) => s.name === 'native_seconds')!.ts, 'histograms');
    expect(scalar(native, 'schema')).toBeUndefined(); // 0, the default
    expect(scalar(native, 'count_int')).toBe('3');
    expect(num(scalar(native, 'sum'))).toBe(8);
    // Schema 0: 1.5 in (1, 2] (index 1), 3 and 3.5 in (2, 4] (index 2).
    expect(all(native, 'positive_spans').map((s) => [scalar(s, 'offset'), scalar(s, 'length')])).toEqual([
      ['1', '2'],
    ]);
    expect((native.positive_deltas as string[]).map(Number)).toEqual([1, 1]);
    expect(series.some((s) => s.name === 'native_seconds_bucket')).toBe(false);
  });

  it('writes a 1.0 WriteRequest: labels sorted by name, one sample each, exemplars and metadata', async () => {
    const registry = registryWithEverything();
    const result = await pushRemoteWrite({
      url: receiver.url,
      registry,
      version: '1.0',
      job: 'api',
      instance: 'h',
    });
    const write = receiver.received.at(-1)!;
    expect(write.headers['content-type']).toBe('application/x-protobuf');
    expect(write.headers['x-prometheus-remote-write-version']).toBe('0.1.0');
    const request = await decodeRemoteWrite(write.body, '1.0');
    const series = all(request, 'timeseries');
    for (const ts of series) {
      const names = all(ts, 'labels').map((l) => scalar(l, 'name') as string);
      expect(names).toEqual([...names].sort());
    }
    const byName = (name: string) =>
      series.filter((ts) =>
        all(ts, 'labels').some((l) => scalar(l, 'name') === '__name__' && scalar(l, 'value') === name),
      );
    const counter = byName('jobs_total')[0];
    expect(num(scalar(one(counter, 'samples'), 'value'))).toBe(3);
    expect(
      all(one(counter, 'exemplars'), 'labels').map((l) => [scalar(l, 'name'), scalar(l, 'value')]),
    ).toEqual([['trace_id', 'abc']]);
    expect(byName('latency_seconds')).toHaveLength(0); // no custom buckets in 1.0
    expect(scalar(one(byName('native_seconds')[0], 'histograms'), 'count_int')).toBe('3');
    const metadata = all(request, 'metadata').map((m) => [
      scalar(m, 'metric_family_name'),
      scalar(m, 'type'),
      scalar(m, 'help'),
      scalar(m, 'unit'),
    ]);
    expect(metadata).toEqual(
      expect.arrayContaining([
        ['jobs', 'COUNTER', 'Jobs done.', undefined],
        ['temperature_celsius', 'GAUGE', 'Temperature.', 'celsius'],
        ['latency_seconds', 'HISTOGRAM', 'Latency.', undefined],
        ['size_bytes', 'SUMMARY', 'Sizes.', undefined],
      ]),
    );
    const samples = series.reduce((n, ts) => n + all(ts, 'samples').length, 0);
    expect(result).toEqual({ version: '1.0', samples, histograms: 1, exemplars: 1 });
  });
});
