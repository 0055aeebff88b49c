import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from '../../core';
import { getDefaultRegistry, nodeBuiltin } from '../../core';
import type { MetricsServerOptions, MetricsServerTls } from './endpoint-options';
import { answerScrape } from './node-adapter';
import { scrapeResponder } from './scrape-response';

export interface HttpServerOptions extends MetricsServerOptions {
  readonly registry?: Registry<any>;
  /** Default `/metrics`; every other path answers 404. */
  readonly path?: string;
}

/** A running metrics server: its address, and `close()` to stop it. */
export interface HttpServerHandle {
  readonly port: number;
  /** Full URL of the metrics path. */
  readonly url: string;
  close(): Promise<void>;
}

function pathOf(url: string | undefined): string {
  const q = (url ?? '/').indexOf('?');
  return q < 0 ? (url ?? '/') : (url ?? '/').slice(0, q);
}

function urlHost(host: string | undefined): string {
  if (host === undefined || host === '' || host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** node:http(s) loaded at the call: promkit imports in runtimes without them, and only this fails there. */
function createServer(tls: MetricsServerTls | undefined, listener: http.RequestListener): http.Server {
  if (tls) {
    const { createServer } = nodeBuiltin('node:https', 'startHttpServer');
    return createServer({ cert: tls.cert, key: tls.key }, listener);
  }
  return nodeBuiltin('node:http', 'startHttpServer').createServer(listener);
}

/** Starts a server that answers Prometheus scrapes on `path`; resolves once it is listening. */
export function startHttpServer(options: HttpServerOptions = {}): Promise<HttpServerHandle> {
  const registry = options.registry ?? getDefaultRegistry();
  const path = options.path ?? '/metrics';
  const respond = scrapeResponder(registry, options);
  const listener: http.RequestListener = (req, res) => {
    if (pathOf(req.url) !== path) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Not found: metrics are served on ${path}\n`);
      return;
    }
    void answerScrape(respond, req, res);
  };
  const server = createServer(options.tls, listener);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host, () => {
      server.off('error', reject);
      if (options.keepAlive === false) server.unref();
      const port = (server.address() as AddressInfo).port;
      const scheme = options.tls ? 'https' : 'http';
      resolve({
        port,
        url: `${scheme}://${urlHost(options.host)}:${port}${path}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            // Idle keep-alive connections would otherwise hold close() open for seconds.
            server.closeAllConnections();
          }),
      });
    });
  });
}
