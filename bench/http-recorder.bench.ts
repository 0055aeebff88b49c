import { HttpMetrics, Registry } from '../lib';
import { HttpClientMetrics } from '../lib/http-metrics/client/client-metrics';
import { type Check, formatNs, measure, measureSideBySide, type Row } from './harness';

/**
 * What the recorders themselves cost per request, in process (no sockets, so
 * a busy machine disturbs it far less than the autocannon table): a server
 * request from start to end, as the adapters drive it, and an outgoing one
 * from start to its response headers. Each iteration uses a fresh request
 * object, as a server does.
 */

const ITERATIONS = 300_000;

/** The most a server request may cost beyond an empty recorder, without exemplars (ns). */
const SERVER_REQUEST_TARGET_NS = 100;

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

/** The two clock readings any duration needs, one when the request arrives and one when it ends. */
function twoClockReadings(n: number): void {
  let elapsed = 0;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    elapsed += performance.now() - started;
  }
  if (elapsed < 0) throw new Error('unreachable');
}

/**
 * The server request without exemplars side by side with the empty recorder,
 * in turns, and what promkit adds: the median of the per-run differences.
 */
function serverRequestRows(): Row[] {
  const side = measureSideBySide(
    {
      empty: emptyRecorder(),
      promkit: serverRequest({ exemplars: 'none' }),
      clocks: twoClockReadings,
    },
    ITERATIONS,
  );
  const added = side.difference('promkit', 'empty');
  const column = HTTP_RECORDER_BENCH_COLUMNS[0];
  const check: Check = {
    name: 'server request, no exemplars: promkit beyond an empty recorder',
    actual: added,
    target: SERVER_REQUEST_TARGET_NS,
    format: formatNs,
  };
  return [
    {
      operation: 'an empty recorder: start + end that record nothing',
      cells: { [column]: formatNs(side.nsPerOp.empty) },
    },
    {
      operation: 'two clock readings (part of the row below: performance.now() at start and end)',
      cells: { [column]: formatNs(side.nsPerOp.clocks) },
    },
    {
      operation: 'server request: start + end, no exemplars',
      cells: { [column]: `${formatNs(side.nsPerOp.promkit)} (${formatNs(added)} beyond the empty recorder)` },
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
