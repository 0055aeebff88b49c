import { reportInstrumentationFailure } from '../core';
import type { HttpMetrics } from './http-metrics';
import {
  declaredRequestBytes,
  type HttpMetricsSource,
  recorderFrom,
  responseBodyBytes,
} from './node-exchange';
import type { RequestMeasurement } from './request-measurement';

/** A route Hono matched for a request: a handler's or a middleware's (structural: Hono is not a dependency). */
export interface HonoRouteLike {
  readonly path: string;
  readonly method: string;
  readonly handler: (...args: never[]) => unknown;
}

/** The parts of Hono's request the middleware reads. */
export interface HonoRequestLike {
  readonly method: string;
  /** The path, without the query. */
  readonly path: string;
  readonly raw: Request;
  /** Every route matched, middleware included, and which of them ran last. */
  readonly matchedRoutes?: readonly HonoRouteLike[];
  readonly routeIndex?: number;
}

/** The parts of Hono's context the middleware reads. */
export interface HonoContextLike {
  readonly req: HonoRequestLike;
  readonly res: Response;
}

/** The middleware `honoHttpMetrics` returns, for `app.use()`. */
export type HonoHttpMetricsMiddleware = (c: HonoContextLike, next: () => Promise<void>) => Promise<void>;

/**
 * The template of the route that answered: the last one Hono ran. When that
 * is a middleware (`app.use`, which takes `next`), no handler matched and
 * Hono's not-found handler answered, or a middleware answered before
 * routing (auth, CORS preflight): the request matched no route.
 */
function answeringRoute(req: HonoRequestLike): string | undefined {
  const route = req.matchedRoutes?.[req.routeIndex ?? -1];
  if (route === undefined) return undefined;
  const middleware = route.method === 'ALL' && route.handler.length >= 2;
  return middleware ? undefined : route.path;
}

/** Records the request once Hono has answered it with `status`. */
function end(
  metrics: HttpMetrics,
  c: HonoContextLike,
  measurement: RequestMeasurement,
  status: number,
): void {
  let route: string | undefined;
  let responseBytes: number | undefined;
  try {
    route = answeringRoute(c.req);
    // Known only when declared: a Fetch response's body may be a stream.
    if (metrics.responseSize)
      responseBytes = responseBodyBytes(c.res.headers.get('content-length') ?? undefined, status);
  } catch (error) {
    reportInstrumentationFailure(metrics.duration.name, error);
  }
  measurement.end(route, status, responseBytes);
}

/**
 * Hono middleware recording `http_request_duration_seconds{method,route,status_code}`
 * and in-flight requests, with the route template Hono matched
 * (`/users/:id`, a sub-app's prefix included). On every runtime Hono runs
 * on: `app.use(honoHttpMetrics())`, before the routes.
 */
export function honoHttpMetrics(source?: HttpMetricsSource): HonoHttpMetricsMiddleware {
  const metrics = recorderFrom(source);
  return async (c, next) => {
    const { req } = c;
    const headers = req.raw.headers;
    const measurement = metrics.begin(
      req.method,
      req.path,
      metrics.requestSize
        ? declaredRequestBytes(headers.get('content-length') ?? undefined, headers.has('transfer-encoding'))
        : undefined,
      metrics.takesTraceExemplars ? (headers.get('traceparent') ?? undefined) : undefined,
      req.raw,
    );
    if (measurement === undefined) return next();
    try {
      await next();
    } catch (error) {
      // Hono answers an error that reaches it with 500.
      end(metrics, c, measurement, 500);
      throw error;
    }
    end(metrics, c, measurement, c.res.status);
  };
}
