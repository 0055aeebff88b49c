import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Enum, Gauge, Histogram, Info, Registry, Summary } from 'promkit';
import {
  type ExpositionFormat,
  negotiate,
  OPENMETRICS_CONTENT_TYPE,
  PROMETHEUS_CONTENT_TYPE,
} from 'promkit/exposition';

/**
 * A label value with everything the exposition formats must escape (quote,
 * backslash, newline) and multi-byte UTF-8, to prove it survives a scrape.
 */
export const TRICKY_LABEL_VALUE = 'say "hi" \\ path\\to\nnext line ✓ 日本語 🚀';

export const DURATION_BUCKETS = [0.1, 0.5, 1, 5];
export const PAYLOAD_PERCENTILES = [0.5, 0.9, 0.99];

/** Values the app sets at start-up, so tests can assert them without driving traffic. */
export const GAUGE_VALUES: Readonly<Record<string, number>> = {
  [TRICKY_LABEL_VALUE]: -12.5,
  // Not exactly representable in decimal: proves shortest round-trip formatting.
  inexact: 0.1 + 0.2,
  largest: Number.MAX_VALUE,
  smallest: Number.MIN_VALUE,
};
export const BUILD_INFO = { version: '1.2.3', revision: 'abc123', branch: TRICKY_LABEL_VALUE };
export const LIFECYCLE_STATES = ['starting', 'running', 'stopping'] as const;
export const CURRENT_LIFECYCLE_STATE = 'running';

/** One simulated request: the app records `seconds` as its duration, so tests know the exact values. */
export interface WorkRequest {
  readonly route: string;
  readonly seconds: number;
  readonly bytes: number;
  readonly traceId: string;
}

export interface FixtureApp {
  readonly registry: Registry;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `127.0.0.1:<port>`, a Prometheus target. */
  readonly target: string;
  /** Which format each `/metrics` request was answered in, in order. */
  readonly servedFormats: readonly ExpositionFormat[];
  /** GETs `/metrics` the way a scraper would, with this Accept header. */
  scrape(accept?: string): Promise<{ contentType: string; body: string }>;
  /** Sends one simulated request through HTTP; resolves with its status code. */
  work(request: WorkRequest): Promise<number>;
  stop(): Promise<void>;
}

function createMetrics(registry: Registry) {
  const registers = [registry];
  return {
    requests: new Counter({
      name: 'e2e_requests_total',
      help: 'Requests handled, by route.',
      labelNames: ['route'],
      enableExemplars: true,
      registers,
    }),
    duration: new Histogram({
      name: 'e2e_request_duration_seconds',
      help: 'How long requests took.',
      labelNames: ['route'],
      buckets: DURATION_BUCKETS,
      enableExemplars: true,
      registers,
    }),
    payload: new Summary({
      name: 'e2e_payload_bytes',
      help: 'Size of request payloads.',
      labelNames: ['route'],
      percentiles: PAYLOAD_PERCENTILES,
      registers,
    }),
    temperature: new Gauge({
      name: 'e2e_temperature_celsius',
      help: 'Readings with awkward values and label values.',
      labelNames: ['sensor'],
      registers,
    }),
    build: new Info({ name: 'e2e_build_info', help: 'Build metadata.', registers }),
    lifecycle: new Enum({
      name: 'e2e_lifecycle',
      help: 'Lifecycle state of the app.',
      states: LIFECYCLE_STATES,
      registers,
    }),
  };
}

type Metrics = ReturnType<typeof createMetrics>;

/** `?format=` forces a format (Prometheus 2.42 cannot be told which one to ask for); otherwise Accept decides. */
function chooseFormat(request: IncomingMessage, query: URLSearchParams): ExpositionFormat {
  const forced = query.get('format');
  if (forced === 'text' || forced === 'openmetrics') return forced;
  return negotiate(request.headers.accept).format;
}

function recordWork(metrics: Metrics, query: URLSearchParams): void {
  const route = query.get('route') ?? 'unknown';
  const traceId = query.get('trace') ?? '';
  metrics.requests.inc({ labels: { route }, value: 1, exemplarLabels: { trace_id: traceId } });
  metrics.duration.observe({
    labels: { route },
    value: Number(query.get('seconds')),
    exemplarLabels: { trace_id: traceId },
  });
  metrics.payload.observe({ route }, Number(query.get('bytes')));
}

/**
 * A small node:http app instrumented only through promkit's public core API:
 * `/metrics` serves the registry, `/work` records one simulated request.
 */
export async function startFixtureApp(): Promise<FixtureApp> {
  const registry = new Registry();
  registry.setDefaultLabels({ app: 'fixture' });
  const metrics = createMetrics(registry);
  for (const [sensor, value] of Object.entries(GAUGE_VALUES)) metrics.temperature.set({ sensor }, value);
  metrics.build.info(BUILD_INFO);
  metrics.lifecycle.state(CURRENT_LIFECYCLE_STATE);

  const servedFormats: ExpositionFormat[] = [];
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://fixture');
    if (url.pathname === '/metrics') {
      const format = chooseFormat(request, url.searchParams);
      servedFormats.push(format);
      const body = await registry.metrics({ format });
      const contentType = format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE;
      response.writeHead(200, { 'Content-Type': contentType }).end(body);
    } else if (url.pathname === '/work') {
      recordWork(metrics, url.searchParams);
      response.writeHead(204).end();
    } else {
      response.writeHead(404).end();
    }
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    registry,
    url,
    target: `127.0.0.1:${port}`,
    servedFormats,
    async scrape(accept) {
      const headers: Record<string, string> = accept === undefined ? {} : { Accept: accept };
      const response = await fetch(`${url}/metrics`, { headers, signal: AbortSignal.timeout(5000) });
      if (response.status !== 200) throw new Error(`fixture /metrics answered ${response.status}`);
      return { contentType: response.headers.get('content-type') ?? '', body: await response.text() };
    },
    async work({ route, seconds, bytes, traceId }) {
      const query = new URLSearchParams({
        route,
        seconds: String(seconds),
        bytes: String(bytes),
        trace: traceId,
      });
      const response = await fetch(`${url}/work?${query}`, { signal: AbortSignal.timeout(5000) });
      return response.status;
    },
    async stop() {
      if (!server.listening) return;
      const closed = once(server, 'close');
      server.close();
      // Prometheus keeps its scrape connection alive; without this close() would wait for it.
      server.closeAllConnections();
      await closed;
    },
  };
}
