import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Span } from '@opentelemetry/api';
import express from 'express';
import { expressHttpMetrics, type HttpMetricsOptions, Registry, setRoute, withHttpMetrics } from 'promkit';
import { idsOf, startTracing, type Tracing } from '../support/tracing';
import { waitFor } from '../support/wait-for';
import { FRAMEWORKS, type FrameworkApp } from './framework-apps';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_ID = 'b7ad6b7169203331';
const TRACEPARENT = `00-${TRACE_ID}-${PARENT_ID}-01`;

let tracing: Tracing;
beforeAll(() => {
  tracing = startTracing();
});
afterAll(() => tracing.stop());

const running: FrameworkApp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

/**
 * The exemplar of each duration series that has one, by `route status_code`,
 * once `requests` requests have been measured (a measurement ends on the
 * response's 'close' event, which may follow the client's read by a tick).
 */
function durationExemplars(
  registry: Registry,
  requests: number,
): Promise<Record<string, Record<string, string>>> {
  return waitFor(
    async () => {
      const samples = await registry.getSamples({ names: ['http_request_duration_seconds'] });
      const measured = samples
        .filter((s) => s.name === 'http_request_duration_seconds_count')
        .reduce((sum, s) => sum + s.value, 0);
      if (measured < requests) return undefined;
      const out: Record<string, Record<string, string>> = {};
      for (const s of samples) {
        if (s.exemplar) out[`${s.labels.route} ${s.labels.status_code}`] = { ...s.exemplar.labels };
      }
      return out;
    },
    { what: `${requests} request(s) to be measured`, timeoutMs: 10_000, intervalMs: 50 },
  );
}

async function get(url: string, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  await response.text();
  return response.status;
}

describe.each(FRAMEWORKS)('HTTP metrics exemplars on %s', (_name, startApp) => {
  it("take the caller's trace from a sampled traceparent header when no span is active", async () => {
    const registry = new Registry();
    const app = await startApp({ registry }, { slow: async () => {} });
    running.push(app);
    expect(await get(`${app.url}/orders/7`, { traceparent: TRACEPARENT })).toBe(200);
    expect(await get(`${app.url}/api/items/1`, { traceparent: `00-${TRACE_ID}-${PARENT_ID}-00` })).toBe(200);
    expect(await get(`${app.url}/health`)).toBe(200);
    expect(await durationExemplars(registry, 3)).toEqual({
      '/orders/:id 200': { trace_id: TRACE_ID, span_id: PARENT_ID },
    });
  });

  it("with exemplars: 'none', record none", async () => {
    const registry = new Registry();
    const options: HttpMetricsOptions = { registry, exemplars: 'none' };
    const app = await startApp(options, { slow: async () => {} });
    running.push(app);
    expect(await get(`${app.url}/orders/7`, { traceparent: TRACEPARENT })).toBe(200);
    expect(await durationExemplars(registry, 1)).toEqual({});
  });
});

/**
 * What OpenTelemetry's HTTP instrumentation does: each request is handled
 * inside a server span, which ends when the response has been sent.
 */
function tracedServer(handler: RequestListener, spans: Span[]): Promise<FrameworkApp> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) =>
    tracing.sampled.startActiveSpan(`${req.method} ${req.url}`, (span) => {
      spans.push(span);
      res.on('finish', () => span.end());
      handler(req, res);
    }),
  );
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

describe('HTTP metrics exemplars under a server span', () => {
  it.each([
    [
      'Express',
      (registry: Registry): RequestListener => {
        const app = express();
        app.use(expressHttpMetrics({ registry }));
        app.get('/orders/:id', (_req, res) => {
          // The response is sent later, from another async context.
          setTimeout(() => res.send('order'), 5);
        });
        return app;
      },
    ],
    [
      'node:http',
      (registry: Registry): RequestListener =>
        withHttpMetrics(
          (req, res) => {
            setRoute(req, '/orders/:id');
            setTimeout(() => res.end('order'), 5);
          },
          { registry },
        ),
    ],
  ])('%s: the span active when the request arrived, rather than the header', async (_name, handlerFor) => {
    const registry = new Registry();
    const spans: Span[] = [];
    const app = await tracedServer(handlerFor(registry), spans);
    running.push(app);
    expect(await get(`${app.url}/orders/7`, { traceparent: TRACEPARENT })).toBe(200);
    const exemplars = await durationExemplars(registry, 1);
    expect(spans).toHaveLength(1);
    expect(exemplars).toEqual({ '/orders/:id 200': idsOf(spans[0]) });
  });
});
