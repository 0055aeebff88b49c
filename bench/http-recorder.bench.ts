import { HttpMetrics, Registry } from '../lib';
import { HttpClientMetrics } from '../lib/http-metrics/client/client-metrics';
import { type Check, formatNs, measure, measureSideBySide, performanceNowPairs, type Row } from './harness';

/**
 * What the recorders themselves cost per request, in process (no sockets, so
 * a busy machine disturbs it far less than the autocannon table): a server
 * request from start to end, as the adapters drive it, and an outgoing one
 * from start to its response headers. Each iteration uses a fresh request
 * object, as a server does.
 */

const ITERATIONS = 300_000;

/**
 * The goal for a server request without exemplars beyond an empty recorder
 * (ns). Its two clock readings alone take most of it here (see the clock
 * rows), so the target held is the one below.
 */
const SERVER_REQUEST_GOAL_NS = 100;

/**
 * The most a server request without exemplars may cost beyond the floor: an
 * empty recorder that reads the clock when the request starts and ends (ns).
 * What is left above the floor: a measurement object per request (with its
 * start time and the end function `start` returns), the excluded-path check,
 * the in-flight gauge up and down, two cached lookups (method, then route and
 * status) and the histogram observation.
 */
const SERVER_REQUEST_BEYOND_FLOOR_TARGET_NS = 50;

export const HTTP_RECORDER_BENCH_COLUMNS = ['time per request'];

function serverRequest(options: ConstructorParameters<typeof HttpMetrics>[0]): (n: number) => void {
  const metrics = new HttpMetrics({ registry: new Registry(), ...options });
  return (n) => {
    for (let i = 0; i < n; i++) {
      const request = { url: '/orders/7' };
      metrics.start('GET', request.url, undefined, undefined, request)?.('/orders/:id', 200);
    }
  };
}

function outgoingRequest(): (n: number) => void {
  const metrics = new HttpClientMetrics({ registry: new Registry() });
  return (n) => {
    for (let i = 0; i < n; i++) {
      const request = { origin: 'http://inventory:8080' };
      metrics.start(request, 'inventory:8080', 'GET');
      metrics.responded(request, 200);
    }
  };
}

function freshObjects(n: number): void {
  let last: object | undefined;
  for (let i = 0; i < n; i++) last = { url: '/orders/7' };
  if (last === undefined) throw new Error('unreachable');
}

/** A recorder that measures nothing: what the adapters' calls cost before promkit does any work. */
function emptyRecorder(): (n: number) => void {
  const ignore = (_route: string, _statusCode: number) => {};
  const start = (
    _method: string,
    _url: string,
    _requestBytes?: number,
    _traceparent?: string,
    _request?: object,
  ) => ignore;
  return (n) => {
    for (let i = 0; i < n; i++) {
      const request = { url: '/orders/7' };
      start('GET', request.url, undefined, undefined, request)?.('/orders/:id', 200);
    }
  };
}

/**
 * The floor: the empty recorder, but reading the clock promkit reads when
 * the request starts and again when it ends, as any duration needs.
 */
function timingRecorder(): (n: number) => void {
  let elapsed = 0;
  const start = (
    _method: string,
    _url: string,
    _requestBytes?: number,
    _traceparent?: string,
    _request?: object,
  ) => {
    const started = performance.now();
    return (_route: string, _statusCode: number) => {
      elapsed += performance.now() - started;
    };
  };
  return (n) => {
    for (let i = 0; i < n; i++) {
      const request = { url: '/orders/7' };
      start('GET', request.url, undefined, undefined, request)?.('/orders/:id', 200);
    }
    if (elapsed < 0) throw new Error('unreachable');
  };
}

/**
 * Two readings of each clock a recorder could time with, one per request
 * edge, each loop a function of its own so V8 optimizes each alone.
 * `performance.now()` is what promkit reads (`now()` in core). The others
 * call their clock by name: one loop taking the clock as a function measured
 * 20 to 25 ns more per pair for each of them.
 */
const CLOCKS: ReadonlyArray<[name: string, operation: string, run: (n: number) => void]> = [
  ['performance.now', "two readings of performance.now() (promkit's clock)", performanceNowPairs],
  [
    'process.hrtime.bigint',
    'two readings of process.hrtime.bigint() (a BigInt each)',
    (n) => {
      let elapsed = 0;
      for (let i = 0; i < n; i++) {
        const started = process.hrtime.bigint();
        elapsed += Number(process.hrtime.bigint() - started);
      }
      if (elapsed < 0) throw new Error('unreachable');
    },
  ],
  [
    'process.hrtime',
    'two readings of process.hrtime() (an array each)',
    (n) => {
      let elapsed = 0;
      for (let i = 0; i < n; i++) {
        const started = process.hrtime();
        const ended = process.hrtime();
        elapsed += (ended[0] - started[0]) * 1e9 + ended[1] - started[1];
      }
      if (elapsed < 0) throw new Error('unreachable');
    },
  ],
  [
    'Date.now',
    'two readings of Date.now() (1 ms steps: too coarse for durations)',
    (n) => {
      let elapsed = 0;
      for (let i = 0; i < n; i++) {
        const started = Date.now();
        elapsed += Date.now() - started;
      }
      if (elapsed < 0) throw new Error('unreachable');
    },
  ],
];

/**
 * The server request without exemplars side by side with the empty
 * recorder, the floor and the clocks, in turns, and what promkit adds: the
 * medians of the per-run differences.
 */
function serverRequestRows(): Row[] {
  const side = measureSideBySide(
    {
      empty: emptyRecorder(),
      floor: timingRecorder(),
      promkit: serverRequest({ exemplars: 'none' }),
      ...Object.fromEntries(CLOCKS.map(([name, , run]) => [name, run])),
    },
    ITERATIONS,
  );
  const beyondEmpty = side.difference('promkit', 'empty');
  const beyondFloor = side.difference('promkit', 'floor');
  const column = HTTP_RECORDER_BENCH_COLUMNS[0];
  const check: Check = {
    name: 'server request, no exemplars: promkit beyond the floor (an empty recorder reading the clock at start and end)',
    actual: beyondFloor,
    target: SERVER_REQUEST_BEYOND_FLOOR_TARGET_NS,
    format: formatNs,
  };
  return [
    {
      operation: 'an empty recorder: start + end that record nothing',
      cells: { [column]: formatNs(side.nsPerOp.empty) },
    },
    ...CLOCKS.map(([name, operation]) => ({ operation, cells: { [column]: formatNs(side.nsPerOp[name]) } })),
    {
      operation: 'the floor: the empty recorder reading performance.now() at start and end',
      cells: {
        [column]: `${formatNs(side.nsPerOp.floor)} (${formatNs(side.difference('floor', 'empty'))} beyond the empty recorder)`,
      },
    },
    {
      operation: 'server request: start + end, no exemplars',
      cells: {
        [column]: `${formatNs(side.nsPerOp.promkit)} (${formatNs(beyondEmpty)} beyond the empty recorder, goal ${formatNs(SERVER_REQUEST_GOAL_NS)}; ${formatNs(beyondFloor)} beyond the floor)`,
      },
      checks: [check],
    },
  ];
}

export function runHttpRecorderBench(): Row[] {
  const cases: Array<[string, (n: number) => void]> = [
    ['a fresh request object alone (the floor of each row)', freshObjects],
    ['server request: start + end, trace exemplars (the default)', serverRequest({})],
    [
      'server request: start + end, with body sizes',
      serverRequest({ requestSize: true, responseSize: true }),
    ],
    ['outgoing request: start + response headers', outgoingRequest()],
  ];
  const rows = cases.map(([operation, run]) => ({
    operation,
    cells: { [HTTP_RECORDER_BENCH_COLUMNS[0]]: formatNs(measure(run, ITERATIONS).nsPerOp) },
  }));
  return [rows[0], ...serverRequestRows(), ...rows.slice(1)];
}

export const HTTP_RECORDER_BENCH_TITLE = 'HTTP recorders in process (time per request, median of 7 runs)';
