import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ExchangeReader, type HttpMetricsSource, measureExchange, recorderFrom } from './node-exchange';

/** The parts of an Express request the middleware reads (structural: Express is not a dependency). */
export interface ExpressRequestLike extends IncomingMessage {
  originalUrl?: string;
  baseUrl?: string;
  route?: { path?: unknown };
}

export type ExpressHttpMetricsMiddleware = (
  req: ExpressRequestLike,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Express decides the route while routing, so the template is read when the
 * response ends: the mount path of the router plus the route's own path.
 * Express keeps no template for a router's mount path, so a router mounted
 * at a path with parameters contributes the path as served.
 */
const EXPRESS: ExchangeReader<ExpressRequestLike> = {
  route(req) {
    const path = req.route?.path;
    if (path === undefined) return undefined;
    const own = typeof path === 'string' ? path : String(path);
    const base = req.baseUrl ?? '';
    return base !== '' && own === '/' ? base : base + own;
  },
};

/**
 * Express middleware recording `http_request_duration_seconds{method,route,status_code}`
 * and in-flight requests. Put it before the routes: `app.use(expressHttpMetrics())`.
 */
export function expressHttpMetrics(source?: HttpMetricsSource): ExpressHttpMetricsMiddleware {
  const metrics = recorderFrom(source);
  return (req, res, next) => {
    measureExchange(metrics, req, res, req.originalUrl ?? req.url ?? '/', req, EXPRESS);
    next();
  };
}
