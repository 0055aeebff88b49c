import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AlwaysOnSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import * as promClient from 'prom-client';
import { Counter, Histogram } from '../lib';
import { formatNs, measure, type Row } from './harness';

/**
 * What `exemplars: 'trace'` costs on the hot path: the same child observe()
 * and inc() plain, traced outside any span, and traced inside an active
 * sampled span (the real OpenTelemetry SDK with its AsyncLocalStorage context
 * manager). The rate limit lets each series look at the trace once per
 * sampling interval, so nearly every call only compares two numbers.
 * Target: <= 1.5x the plain call. For contrast, the by-hand way with
 * prom-client: read the span and pass its ids as exemplar labels on every call.
 */

const ITERATIONS = 2_000_000;
const BY_HAND_ITERATIONS = 200_000;
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Mode = 'plain' | 'traced';

function histogramChild(mode: Mode) {
  const histogram = new Histogram({
    name: 'bench_duration_seconds',
    help: 'h',
    labelNames: ['route'],
    buckets: BUCKETS,
    registers: [],
    exemplars: mode === 'traced' ? 'trace' : 'none',
  });
  const child = histogram.labels('/orders/:id');
  return (n: number) => {
    for (let i = 0; i < n; i++) child.observe((i & 15) * 0.05);
  };
}

function counterChild(mode: Mode) {
  const counter = new Counter({
    name: 'bench_jobs_total',
    help: 'c',
    labelNames: ['queue'],
    registers: [],
    exemplars: mode === 'traced' ? 'trace' : 'none',
  });
  const child = counter.labels('mail');
  return (n: number) => {
    for (let i = 0; i < n; i++) child.inc();
  };
}

function promClientByHand() {
  const histogram = new promClient.Histogram({
    name: 'bench_duration_seconds',
    help: 'h',
    labelNames: ['route'],
    buckets: BUCKETS,
    registers: [],
    enableExemplars: true,
  });
  return (n: number) => {
    for (let i = 0; i < n; i++) {
      const { traceId, spanId } = trace.getActiveSpan()!.spanContext();
      histogram.observe({
        labels: { route: '/orders/:id' },
        value: (i & 15) * 0.05,
        // prom-client types exemplar labels as the metric's own label names.
        exemplarLabels: { trace_id: traceId, span_id: spanId } as promClient.LabelValues<string>,
      });
    }
  };
}

/**
 * Medians over rounds that take turns, so a slow spell on a shared machine
 * (or the JIT settling) hits every variant alike instead of the one measured
 * at that moment.
 */
function interleaved(loops: ((n: number) => void)[], rounds = 5): number[] {
  const samples = loops.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < loops.length; i++) samples[i].push(measure(loops[i], ITERATIONS, 3).nsPerOp);
  }
  return samples.map((s) => s.sort((a, b) => a - b)[Math.floor(s.length / 2)]);
}

const SAMPLED_SERIES = 20_000;

/**
 * What the rate limit saves: each series' first observation always looks at
 * the trace, so observing fresh series (made beforehand, untimed) measures the
 * slow path: a clock read, the span lookup and a new exemplar.
 */
function firstObservations(mode: Mode, wrap: (loop: (n: number) => void) => (n: number) => void): number {
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    const histogram = new Histogram({
      name: 'bench_duration_seconds',
      help: 'h',
      labelNames: ['id'],
      buckets: BUCKETS,
      registers: [],
      exemplars: mode === 'traced' ? 'trace' : 'none',
    });
    const children = Array.from({ length: SAMPLED_SERIES }, (_, i) => histogram.labels(String(i)));
    const loop = wrap((n) => {
      for (let i = 0; i < n; i++) children[i].observe((i & 15) * 0.05);
    });
    const start = process.hrtime.bigint();
    loop(SAMPLED_SERIES);
    samples.push(Number(process.hrtime.bigint() - start) / SAMPLED_SERIES);
  }
  return samples.sort((a, b) => a - b)[2];
}

export const EXEMPLAR_BENCH_COLUMNS = ['plain', "'trace', no span", "'trace', in a span", 'ratio', 'target'];

export async function runExemplarBench(): Promise<Row[]> {
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  const tracer = new BasicTracerProvider({ sampler: new AlwaysOnSampler() }).getTracer('bench');
  const span = tracer.startSpan('request');
  const inSpan = (loop: (n: number) => void) => (n: number) =>
    context.with(trace.setSpan(context.active(), span), () => loop(n));
  try {
    const row = (operation: string, make: (mode: Mode) => (n: number) => void): Row => {
      const [plain, noSpan, withSpan] = interleaved([make('plain'), make('traced'), inSpan(make('traced'))]);
      return {
        operation,
        cells: {
          plain: formatNs(plain),
          "'trace', no span": formatNs(noSpan),
          "'trace', in a span": formatNs(withSpan),
          ratio: `${(noSpan / plain).toFixed(2)}x / ${(withSpan / plain).toFixed(2)}x`,
          target: '<= 1.5x',
        },
      };
    };
    const byHand = measure(inSpan(promClientByHand()), BY_HAND_ITERATIONS).nsPerOp;
    const plainFirst = firstObservations('plain', (loop) => loop);
    const sampledFirst = firstObservations('traced', inSpan);
    return [
      row('histogram: child observe()', histogramChild),
      row('counter: child inc()', counterChild),
      {
        operation: "histogram: an observe() the rate limit lets through (a series' first), in a span",
        cells: {
          plain: formatNs(plainFirst),
          "'trace', in a span": formatNs(sampledFirst),
          ratio: `${(sampledFirst / plainFirst).toFixed(2)}x`,
        },
      },
      {
        operation: 'by hand, prom-client: observe({ labels, value, exemplarLabels }) with the span ids',
        cells: { "'trace', in a span": formatNs(byHand) },
      },
    ];
  } finally {
    span.end();
    context.disable();
  }
}

if (require.main === module) {
  runExemplarBench().then((rows) => {
    for (const { operation, cells } of rows) console.log(operation, cells);
  });
}
