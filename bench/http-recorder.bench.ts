import { HttpMetrics, Registry } from '../lib';
import { HttpClientMetrics } from '../lib/http-metrics/client/client-metrics';
import { formatNs, measure, type Row } from './harness';

/**
 * What the recorders themselves cost per request, in process (no sockets, so
 * a busy machine disturbs it far less than the autocannon table): a server
 * request from start to end, as the adapters drive it, and an outgoing one
 * from start to its response headers. Each iteration uses a fresh request
 * object, as a server does.
 */

const ITERATIONS = 300_000;

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

export function runHttpRecorderBench(): Row[] {
  const cases: Array<[string, (n: number) => void]> = [
    ['a fresh request object alone (the floor of each row)', freshObjects],
    ['server request: start + end, no exemplars', serverRequest({ exemplars: 'none' })],
    ['server request: start + end, trace exemplars (the default)', serverRequest({})],
    [
      'server request: start + end, with body sizes',
      serverRequest({ requestSize: true, responseSize: true }),
    ],
    ['outgoing request: start + response headers', outgoingRequest()],
  ];
  return cases.map(([operation, run]) => ({
    operation,
    cells: { [HTTP_RECORDER_BENCH_COLUMNS[0]]: formatNs(measure(run, ITERATIONS).nsPerOp) },
  }));
}

export const HTTP_RECORDER_BENCH_TITLE = 'HTTP recorders in process (time per request, median of 7 runs)';
