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

/**
 * Scrapes and writes the answer to a node:http response. Never rejects: if
 * writing fails (the client left, or something else already answered) the
 * connection is dropped, since there is no one left to tell.
 */
export async function answerScrape(
  respond: (request: ScrapeRequest) => Promise<ScrapeResponse>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const response = await respond(scrapeRequestOf(req));
    res.writeHead(response.status, response.headers);
    res.end(response.body);
  } catch {
    res.destroy();
  }
}
