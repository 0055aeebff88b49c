import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ExchangeReader, exchangeMeasurer, type HttpMetricsSource, recorderFrom } from './node-exchange';

/** Where a request keeps its route: a property, since a WeakMap entry per request costs microseconds. */
const ROUTE = Symbol('promkit.http-metrics.route');

type RoutedRequest = IncomingMessage & { [ROUTE]?: string };

/**
 * Names the route template of a request served by a plain node:http handler
 * (`setRoute(req, '/orders/:id')`); requests without one are unmatched.
 */
export function setRoute(req: IncomingMessage, route: string): void {
  (req as RoutedRequest)[ROUTE] = route;
}

const NODE_HTTP: ExchangeReader<IncomingMessage> = { route: (req) => (req as RoutedRequest)[ROUTE] };

/**
 * Wraps a node:http request listener:
 * `http.createServer(withHttpMetrics((req, res) => { setRoute(req, '/hello'); res.end('hi'); }))`.
 */
export function withHttpMetrics<Req extends IncomingMessage, Res extends ServerResponse>(
  listener: (req: Req, res: Res) => void,
  source?: HttpMetricsSource,
): (req: Req, res: Res) => void {
  const measure = exchangeMeasurer(recorderFrom(source), NODE_HTTP);
  return (req, res) => {
    measure(req, res, req.url ?? '/', req);
    listener(req, res);
  };
}
