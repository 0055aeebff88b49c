import type { ClientRequest, IncomingMessage } from 'node:http';
import { type ChannelHandlers, subscribeAll } from './channels';
import type { HttpClientMetrics } from './client-metrics';

/** The Host header (with the port when it is not the default), else the host connected to. */
function hostOf(request: ClientRequest): string {
  const header = request.getHeader('host');
  return typeof header === 'string' ? header : request.host;
}

/**
 * Measures `http.request`/`https.request`: from `http.client.request.start`
 * to `http.client.response.finish` (the response headers) or
 * `http.client.request.error`. A request emits 'close' whatever happens, so
 * one that ends another way (an upgrade, or a Node without the error
 * channel) still leaves the in-flight gauge.
 */
export function measureNodeHttp(metrics: HttpClientMetrics): () => void {
  const handlers: ChannelHandlers = {
    'http.client.request.start': ({ request }: { request: ClientRequest }) => {
      if (!metrics.start(request, hostOf(request), request.method)) return;
      request.once('close', () => {
        if (!metrics.isPending(request)) return;
        // Node keeps the response it handed to 'response' or 'upgrade' listeners on `res`.
        if ((request as { res?: unknown }).res) metrics.ended(request);
        else metrics.failed(request, undefined);
      });
    },
    'http.client.response.finish': ({ request, response }: { request: object; response: IncomingMessage }) =>
      metrics.responded(request, response.statusCode ?? 0),
    'http.client.request.error': ({ request, error }: { request: object; error: unknown }) =>
      metrics.failed(request, error),
  };
  return subscribeAll(metrics.duration.name, handlers);
}
