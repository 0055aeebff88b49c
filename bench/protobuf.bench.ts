import { BinaryWriter } from '@bufbuild/protobuf/wire';
import * as protobufjs from 'protobufjs';
import { Counter, Histogram, Registry } from '../lib';
import { writeProtobuf } from '../lib/exposition';
import type { CounterPoint, MetricFamily } from '../lib/model';
import { formatNs, measure, printTable, type Row } from './harness';

/**
 * Native histograms and the protobuf exposition, each next to its reference in
 * this one process, in rounds that take turns (so a slow spell on a shared
 * machine hits both alike):
 * - a native histogram child's observe() against a classic child's (target <= 2x);
 * - a protobuf scrape of 10k series against a text scrape of the same registry
 *   (target <= 1x), both to the bytes a server sends;
 * - the choice of encoder: promkit's own writer against protobufjs (the usual
 *   schema-driven way) and @bufbuild/protobuf's BinaryWriter (its wire writer,
 *   driven by the same walk as promkit's), encoding the same 10k series.
 */

const OBSERVATIONS = 2_000_000;
const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SERIES = 10_000;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Medians of `rounds` turns of each measurement. */
async function interleaved(measurements: (() => Promise<number> | number)[], rounds = 7): Promise<number[]> {
  const samples = measurements.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < measurements.length; i++) samples[i].push(await measurements[i]());
  }
  return samples.map(median);
}

function observeLoop(native: boolean | undefined, buckets: number[] | undefined) {
  const histogram = new Histogram({
    name: 'bench_duration_seconds',
    help: 'h',
    labelNames: ['route'],
    buckets,
    native,
    registers: [],
  });
  const child = histogram.labels('/orders/:id');
  return () =>
    measure(
      (n) => {
        // Latency-like values from 0.4 ms to 2.5 s.
        for (let i = 0; i < n; i++) child.observe(((i % 1000) + 1) / 400);
      },
      OBSERVATIONS,
      3,
    ).nsPerOp;
}

/** 10k counter series with three labels, and 100 histogram series, as the engine benchmark scrapes. */
function scrapeRegistry(): Registry {
  const registry = new Registry();
  const counter = new Counter({
    name: 'http_requests_total',
    help: 'Requests',
    labelNames: ['method', 'route', 'code'],
    registers: [registry],
    maxSeries: Number.POSITIVE_INFINITY,
  });
  for (let i = 0; i < SERIES; i++)
    counter.inc({ method: METHODS[i & 3], route: `/route/${i}`, code: '200' }, i);
  const histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Latency',
    labelNames: ['route'],
    registers: [registry],
  });
  for (let i = 0; i < 100; i++) histogram.observe({ route: `/route/${i}` }, i / 100);
  return registry;
}

function nativeRegistry(): Registry {
  const registry = new Registry();
  const histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Latency',
    labelNames: ['route'],
    native: true,
    registers: [registry],
  });
  for (let i = 0; i < 100; i++) {
    const child = histogram.labels(`/route/${i}`);
    for (let k = 0; k < 500; k++) child.observe(((k * 7919) % 1000) / 300 + 0.001);
  }
  return registry;
}

/**
 * The fastest of three runs in a row. A single run is charged for whatever
 * garbage the previous measurement left (a text scrape leaves far more than a
 * protobuf one); the best of a few shows the work itself.
 */
async function timeBest(fn: () => Promise<unknown>, runs = 3): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start));
  }
  return best;
}

// --- the same 10k counter series through other encoders ---

const TIMESTAMP = { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } };
const schema = protobufjs.Root.fromJSON({
  nested: {
    LabelPair: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
    Timestamp: TIMESTAMP,
    Counter: {
      fields: { value: { type: 'double', id: 1 }, created_timestamp: { type: 'Timestamp', id: 3 } },
    },
    Metric: {
      fields: { label: { rule: 'repeated', type: 'LabelPair', id: 1 }, counter: { type: 'Counter', id: 3 } },
    },
    MetricFamily: {
      fields: {
        name: { type: 'string', id: 1 },
        help: { type: 'string', id: 2 },
        type: { type: 'int32', id: 3 },
        metric: { rule: 'repeated', type: 'Metric', id: 4 },
      },
    },
  },
});
const MetricFamilyType = schema.lookupType('MetricFamily');

function timestamp(ms: number) {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

/** protobufjs as usually used: plain objects shaped like the schema, then encode. */
function encodeWithProtobufjs(families: readonly MetricFamily[]): Uint8Array {
  const writer = protobufjs.Writer.create();
  for (const family of families) {
    const points = family.points as readonly CounterPoint[];
    const message = {
      name: `${family.name}_total`,
      help: family.help,
      type: 0,
      metric: points.map((p) => ({
        label: p.labelNames.map((name, i) => ({ name, value: p.labelValues[i] })),
        counter: {
          value: p.value,
          created_timestamp: p.created === undefined ? undefined : timestamp(p.created),
        },
      })),
    };
    MetricFamilyType.encodeDelimited(message, writer);
  }
  return writer.finish();
}

/** @bufbuild/protobuf's wire writer, walking the families directly. */
function encodeWithBufbuild(families: readonly MetricFamily[]): Uint8Array {
  const w = new BinaryWriter();
  for (const family of families) {
    w.fork();
    w.tag(1, 2).string(`${family.name}_total`);
    w.tag(2, 2).string(family.help);
    w.tag(3, 0).int32(0);
    for (const p of family.points as readonly CounterPoint[]) {
      w.tag(4, 2).fork();
      for (let i = 0; i < p.labelNames.length; i++) {
        w.tag(1, 2).fork().tag(1, 2).string(p.labelNames[i]).tag(2, 2).string(p.labelValues[i]).join();
      }
      w.tag(3, 2).fork().tag(1, 1).double(p.value);
      if (p.created !== undefined) {
        const ts = timestamp(p.created);
        w.tag(3, 2).fork().tag(1, 0).int64(ts.seconds).tag(2, 0).int32(ts.nanos).join();
      }
      w.join().join();
    }
    w.join();
  }
  return w.finish();
}

export async function runProtobufBench(): Promise<string> {
  const [classic, nativeOnly, both] = await interleaved([
    observeLoop(undefined, DEFAULT_BUCKETS),
    observeLoop(true, undefined),
    observeLoop(true, DEFAULT_BUCKETS),
  ]);
  const registry = scrapeRegistry();
  const natives = nativeRegistry();
  const [text, openMetrics, protobuf, nativeScrape] = await interleaved([
    () => timeBest(async () => Buffer.from(await registry.metrics({ format: 'text' }), 'utf8')),
    () => timeBest(async () => Buffer.from(await registry.metrics({ format: 'openmetrics' }), 'utf8')),
    () => timeBest(() => registry.metrics({ format: 'protobuf' })),
    () => timeBest(() => natives.metrics({ format: 'protobuf' })),
  ]);
  const families = (await registry.collect()).filter((f) => f.type === 'counter');
  const [own, withProtobufjs, withBufbuild] = await interleaved([
    () => timeBest(async () => writeProtobuf(families)),
    () => timeBest(async () => encodeWithProtobufjs(families)),
    () => timeBest(async () => encodeWithBufbuild(families)),
  ]);
  const sizes = [writeProtobuf(families), encodeWithProtobufjs(families), encodeWithBufbuild(families)].map(
    (b) => b.length,
  );

  const ratio = (value: number, reference: number) => `${(value / reference).toFixed(2)}x`;
  const rows: Row[] = [
    { operation: 'histogram child observe(): classic, 11 buckets', cells: { time: formatNs(classic) } },
    {
      operation: 'histogram child observe(): native only (schema 3)',
      cells: {
        time: formatNs(nativeOnly),
        'vs reference': ratio(nativeOnly, classic),
        target: '<= 2x classic',
      },
    },
    {
      operation: 'histogram child observe(): classic + native',
      cells: { time: formatNs(both), 'vs reference': ratio(both, classic) },
    },
    {
      operation: 'scrape to bytes, 10k counters + 100 histograms: text 0.0.4',
      cells: { time: formatNs(text) },
    },
    {
      operation: 'scrape to bytes, same registry: OpenMetrics',
      cells: { time: formatNs(openMetrics), 'vs reference': ratio(openMetrics, text) },
    },
    {
      operation: 'scrape to bytes, same registry: protobuf',
      cells: { time: formatNs(protobuf), 'vs reference': ratio(protobuf, text), target: '<= 1x text' },
    },
    {
      operation: 'scrape to bytes: 100 native histograms, protobuf',
      cells: { time: formatNs(nativeScrape) },
    },
    {
      operation: `encode 10k counter series: promkit writer (${sizes[0]} bytes)`,
      cells: { time: formatNs(own) },
    },
    {
      operation: `encode 10k counter series: protobufjs, schema objects (${sizes[1]} bytes)`,
      cells: { time: formatNs(withProtobufjs), 'vs reference': ratio(withProtobufjs, own) },
    },
    {
      operation: `encode 10k counter series: @bufbuild/protobuf BinaryWriter (${sizes[2]} bytes)`,
      cells: { time: formatNs(withBufbuild), 'vs reference': ratio(withBufbuild, own) },
    },
  ];
  return printTable(
    'Native histograms and protobuf (median of interleaved rounds; ratio: row / the first row of its group)',
    ['time', 'vs reference', 'target'],
    rows,
  );
}

if (require.main === module) void runProtobufBench();
