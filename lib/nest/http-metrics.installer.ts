import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpServer } from '@nestjs/common';
import type { FinishRequest, HttpMetrics } from './http-metrics';

interface ExpressRequest extends IncomingMessage {
  originalUrl?: string;
  baseUrl?: string;
  route?: { path?: unknown };
}

interface FastifyLikeRequest {
  method: string;
  url: string;
  headers: Record<string, unknown>;
  routeOptions?: { url?: string };
}

interface FastifyLikeInstance {
  addHook(
    name: 'onRequest',
    hook: (request: FastifyLikeRequest, reply: { raw: ServerResponse }, done: () => void) => void,
  ): unknown;
}

/** Calls `finish` once the response is complete or the connection closed before that. */
function onResponseEnd(res: ServerResponse, finish: () => void): void {
  res.once('finish', finish);
  res.once('close', finish);
}

/**
 * Express decides the route while routing, so the template is read from
 * `req.route` when the response ends; Nest's not-found handler matches none.
 */
function installOnExpress(adapter: HttpServer, metrics: HttpMetrics): void {
  adapter.use((req: ExpressRequest, res: ServerResponse, next: () => void) => {
    const done = metrics.start(
      req.method ?? 'GET',
      req.originalUrl ?? req.url ?? '/',
      req.headers.traceparent,
    );
    if (done) {
      onResponseEnd(res, () => {
        const path = typeof req.route?.path === 'string' ? (req.baseUrl ?? '') + req.route.path : undefined;
        done(path, res.statusCode);
      });
    }
    next();
  });
}

/** Fastify has routed before `onRequest`, so the template is known up front. */
function installOnFastify(adapter: HttpServer, metrics: HttpMetrics): void {
  const instance = adapter.getInstance() as FastifyLikeInstance;
  instance.addHook('onRequest', (request, reply, hookDone) => {
    const done: FinishRequest | undefined = metrics.start(
      request.method,
      request.url,
      request.headers.traceparent,
    );
    if (done) onResponseEnd(reply.raw, () => done(request.routeOptions?.url, reply.raw.statusCode));
    hookDone();
  });
}

/**
 * Hooks request measurement into the app's HTTP platform. Must run before
 * routes are registered (the module does it from `configure`), so every
 * request, including 404s and guard rejections, passes through it.
 */
export function installHttpMetrics(adapter: HttpServer | undefined, metrics: HttpMetrics): boolean {
  const type = adapter?.getType?.();
  if (adapter && type === 'express') {
    installOnExpress(adapter, metrics);
    return true;
  }
  if (adapter && type === 'fastify') {
    installOnFastify(adapter, metrics);
    return true;
  }
  return false;
}
