import { type ChannelHandlers, subscribeAll } from './channels';
import type { HttpClientMetrics } from './client-metrics';

/** The parts of undici's request object read here (`fetch` runs on Node's bundled undici). */
interface UndiciRequest {
  readonly origin: string | URL;
  readonly method: string;
  readonly upgrade?: string | null;
}

/** `http://api.example.com:8080` -> `api.example.com:8080`. */
function hostOfOrigin(origin: string | URL): string {
  const text = String(origin);
  const scheme = text.indexOf('://');
  return scheme < 0 ? text : text.slice(scheme + 3);
}

/**
 * Measures undici's requests: from `undici:request:create` to
 * `undici:request:headers` or `undici:request:error`. Upgrades and CONNECT
 * tunnels are left out: undici reports neither headers nor an error for them.
 */
export function measureUndici(metrics: HttpClientMetrics): () => void {
  const handlers: ChannelHandlers = {
    'undici:request:create': ({ request }: { request: UndiciRequest }) => {
      if (request.upgrade || request.method === 'CONNECT') return;
      metrics.start(request, hostOfOrigin(request.origin), request.method);
    },
    'undici:request:headers': ({
      request,
      response,
    }: {
      request: object;
      response: { statusCode: number };
    }) => metrics.responded(request, response.statusCode),
    'undici:request:error': ({ request, error }: { request: object; error: unknown }) =>
      metrics.failed(request, error),
  };
  return subscribeAll(metrics.duration.name, handlers);
}
