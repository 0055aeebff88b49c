import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ExpressRoutedRequest, expressRouteOf, trackExpressRoutes } from './express-routes';
import { type ExchangeReader, exchangeMeasurer, type HttpMetricsSource, recorderFrom } from './node-exchange';

/** The parts of an Express request the middleware reads (structural: Express is not a dependency). */
export interface ExpressRequestLike extends IncomingMessage, ExpressRoutedRequest {
  originalUrl?: string;
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
const EXPRESS: ExchangeReader<ExpressRequestLike> = { route: expressRouteOf };

/**
 * Express middleware recording `http_request_duration_seconds{method,route,status_code}`
 * and in-flight requests. Put it before the routes: `app.use(expressHttpMetrics())`.
 */
export function expressHttpMetrics(source?: HttpMetricsSource): ExpressHttpMetricsMiddleware {
  const measure = exchangeMeasurer(recorderFrom(source), EXPRESS);
  return (req, res, next) => {
    trackExpressRoutes(req);
    measure(req, res, req.originalUrl ?? req.url ?? '/', req);
    next();
  };
}
