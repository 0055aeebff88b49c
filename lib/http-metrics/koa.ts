import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ExchangeReader, exchangeMeasurer, type HttpMetricsSource, recorderFrom } from './node-exchange';

/** The parts of a Koa context the middleware reads (structural: Koa is not a dependency). */
export interface KoaExchangeLike {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly originalUrl: string;
}

export type KoaHttpMetricsMiddleware = (
  ctx: KoaExchangeLike,
  next: () => Promise<unknown>,
) => Promise<unknown>;

/** @koa/router stores the matched layer's path (router prefix included) on the context. */
const KOA: ExchangeReader<KoaExchangeLike> = {
  route(ctx) {
    const route = (ctx as { _matchedRoute?: unknown })._matchedRoute;
    return route === undefined ? undefined : String(route);
  },
};

/**
 * Koa middleware for apps routed by @koa/router. Use it before the router:
 * `app.use(koaHttpMetrics()); app.use(router.routes())`.
 */
export function koaHttpMetrics(source?: HttpMetricsSource): KoaHttpMetricsMiddleware {
  const measure = exchangeMeasurer(recorderFrom(source), KOA);
  return (ctx, next) => {
    measure(ctx.req, ctx.res, ctx.originalUrl, ctx);
    return next();
  };
}
