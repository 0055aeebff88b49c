import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ExchangeReader, type HttpMetricsSource, measureExchange, recorderFrom } from './node-exchange';

const routes = new WeakMap<IncomingMessage, string>();

/**
 * Names the route template of a request served by a plain node:http handler
 * (`setRoute(req, '/orders/:id')`); requests without one are unmatched.
 */
export function setRoute(req: IncomingMessage, route: string): void {
  routes.set(req, route);
}

const NODE_HTTP: ExchangeReader<IncomingMessage> = { route: (req) => routes.get(req) };

/**
 * Wraps a node:http request listener:
 * `http.createServer(withHttpMetrics((req, res) => { setRoute(req, '/hello'); res.end('hi'); }))`.
 */
export function withHttpMetrics<Req extends IncomingMessage, Res extends ServerResponse>(
  listener: (req: Req, res: Res) => void,
  source?: HttpMetricsSource,
): (req: Req, res: Res) => void {
  const metrics = recorderFrom(source);
  return (req, res) => {
    measureExchange(metrics, req, res, req.url ?? '/', req, NODE_HTTP);
    listener(req, res);
  };
}
