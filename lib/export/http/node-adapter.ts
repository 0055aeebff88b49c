import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ScrapeRequest, ScrapeResponse } from './scrape-response';

/** The parts of a node:http request (or Express/Koa's `req`) a scrape looks at. */
export function scrapeRequestOf(req: IncomingMessage): ScrapeRequest {
  return {
    accept: req.headers.accept,
    acceptEncoding: req.headers['accept-encoding'],
    url: req.url,
    method: req.method,
    authorization: req.headers.authorization,
  };
}

export function writeScrapeResponse(res: ServerResponse, response: ScrapeResponse): void {
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}
