import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { Counter, Histogram, Registry } from '../lib';
import { type OtlpEncoding, OtlpPayloadEncoder } from '../lib/export/otlp/otlp-export';
import { type Check, printTable, type Row, type Table } from './harness';

/**
 * One OTLP export of 10k series (10k counter series with three labels and 100
 * histogram series), promkit's `pushOtlp` against the OpenTelemetry SDK
 * (sdk-metrics holding the same data, collected by a reader and serialized by
 * @opentelemetry/otlp-transformer, as exporter-metrics-otlp-proto / -http do
 * before they send): CPU time (user + system) of collect + serialize, the
 * part both do the same way; the HTTP request is left out of both. Rounds
 * take turns, so a slow spell on the shared machine hits both alike.
 */

const SERIES = 10_000;
const HISTOGRAM_SERIES = 100;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const ROUNDS = 9;
const EXPORTS_PER_ROUND = 5;
/** Exports of each side before the rounds: what is measured is a push loop's steady state, both sides' code optimized. */
const WARMUP_EXPORTS = 50;
/** How many times less CPU per export promkit must take than the SDK. */
const TARGET_RATIO = 5;

class ManualReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

function labelsOf(i: number) {
  return { method: METHODS[i & 3], route: `/route/${i}`, code: '200' };
}

function promkitRegistry(): Registry {
  const registry = new Registry();
  const counter = new Counter({
    name: 'http_requests',
    help: 'Requests',
    labelNames: ['method', 'route', 'code'],
    registers: [registry],
    maxSeries: Number.POSITIVE_INFINITY,
  });
  for (let i = 0; i < SERIES; i++) counter.inc(labelsOf(i), i + 1);
  const histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Latency',
    labelNames: ['route'],
    buckets: BUCKETS,
    registers: [registry],
  });
  for (let i = 0; i < HISTOGRAM_SERIES; i++) histogram.observe({ route: `/route/${i}` }, i / 100);
  return registry;
}

function otelReader(): ManualReader {
  const reader = new ManualReader({
    aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE,
    // The SDK's default limit (2000 series per metric) would fold most of them into one overflow series.
    cardinalitySelector: () => SERIES * 2,
  });
  const meter = new MeterProvider({ readers: [reader] }).getMeter('bench');
  const counter = meter.createCounter('http_requests_total', { description: 'Requests' });
  for (let i = 0; i < SERIES; i++) counter.add(i + 1, labelsOf(i));
  const histogram = meter.createHistogram('http_request_duration_seconds', {
    description: 'Latency',
    unit: 's',
    advice: { explicitBucketBoundaries: BUCKETS },
  });
  for (let i = 0; i < HISTOGRAM_SERIES; i++) histogram.record(i / 100, { route: `/route/${i}` });
  return reader;
}

/** CPU microseconds (user + system) of one call, averaged over `times` calls. */
async function cpuPerCall(fn: () => Promise<unknown>, times: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < times; i++) await fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / times;
}

function syncCpuPerCall(fn: () => unknown, times: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < times; i++) fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / times;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const formatMs = (us: number) => `${(us / 1000).toFixed(2)} ms`;
const formatRatio = (x: number) => `${x.toFixed(2)}×`;

/**
 * What no encoder can go below: a new buffer the size of the body, filled by
 * one copy of bytes already encoded (promkit's protobuf export copies the
 * points whose labels did not change from the previous body much like this).
 */
function floorRow(bytes: number, sdk: number): Row {
  const encoded = Buffer.alloc(bytes, 1);
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    samples.push(
      syncCpuPerCall(() => {
        const body = Buffer.allocUnsafeSlow(bytes);
        encoded.copy(body);
        return body;
      }, EXPORTS_PER_ROUND),
    );
  }
  const floor = median(samples);
  return {
    operation: `floor: a new ${bytes}-byte buffer filled by one copy`,
    cells: {
      promkit: formatMs(floor),
      'OpenTelemetry SDK': '',
      'SDK / promkit': formatRatio(sdk / floor),
      target: '',
    },
    checks: [],
  };
}

export async function runOtlpBench(): Promise<Table> {
  const registry = promkitRegistry();
  const reader = otelReader();
  const env = {};
  const ours = (encoding: OtlpEncoding) => {
    // As pushOtlp and startOtlpPush do: one encoder for the pushes of a registry.
    const encoder = new OtlpPayloadEncoder(encoding);
    return async () => (await encoder.collect(registry, env)).body;
  };
  const theirs = (encoding: OtlpEncoding) => async () => {
    const { resourceMetrics } = await reader.collect();
    return encoding === 'json'
      ? JsonMetricsSerializer.serializeRequest(resourceMetrics)
      : ProtobufMetricsSerializer.serializeRequest(resourceMetrics);
  };
  const rows: Row[] = [];
  for (const encoding of ['protobuf', 'json'] as const) {
    const measured = [ours(encoding), theirs(encoding)];
    const sizes = await Promise.all(measured.map(async (fn) => (await fn())?.length ?? 0));
    for (let i = 0; i < WARMUP_EXPORTS; i++) for (const fn of measured) await fn();
    const samples: number[][] = [[], []];
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < measured.length; i++)
        samples[i].push(await cpuPerCall(measured[i], EXPORTS_PER_ROUND));
    }
    const [promkit, sdk] = samples.map(median);
    const ratio = sdk / promkit;
    const checks: Check[] =
      encoding === 'protobuf'
        ? [
            {
              name: 'OTLP protobuf export of 10k series: CPU vs the OpenTelemetry SDK',
              actual: ratio,
              target: TARGET_RATIO,
              atLeast: true,
              format: formatRatio,
            },
          ]
        : [];
    rows.push({
      operation: `OTLP ${encoding} export, 10k series (${sizes[0]} vs ${sizes[1]} bytes)`,
      cells: {
        promkit: formatMs(promkit),
        'OpenTelemetry SDK': formatMs(sdk),
        'SDK / promkit': formatRatio(ratio),
        target: encoding === 'protobuf' ? `>= ${TARGET_RATIO}×` : '',
      },
      checks,
    });
    if (encoding === 'protobuf') rows.push(floorRow(sizes[0], sdk));
  }
  return {
    title:
      'OTLP export (CPU time per export, collect + serialize, median of interleaved rounds; the SDK is @opentelemetry/sdk-metrics + otlp-transformer)',
    columns: ['promkit', 'OpenTelemetry SDK', 'SDK / promkit', 'target'],
    rows,
  };
}

if (require.main === module) {
  void runOtlpBench().then((table) => printTable(table.title, table.columns, table.rows));
}
