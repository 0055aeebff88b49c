import type { Registry } from '../../core';
import { type EscapingScheme, type ExpositionFormat, negotiate } from '../../exposition';
import { acceptsGzip } from './accept-encoding';
import { authChallenge, isAuthorized } from './auth';
import type { ScrapeResponseOptions } from './endpoint-options';
import { canGzip, gzipBytes } from './gzip';
import { requestedNames } from './query-names';
import { tellRenamedCounters } from './renamed-counters';

/** What a scrape request says about itself, independent of the framework that received it. */
export interface ScrapeRequest {
  readonly accept?: string;
  readonly acceptEncoding?: string | readonly string[];
  /** Path and query, as `req.url`; only the `name[]` query parameters are read. */
  readonly url?: string;
  /** Defaults to GET. HEAD answers with the headers only; other methods get 405. */
  readonly method?: string;
  readonly authorization?: string;
}

export interface ScrapeResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

export const ALLOWED_METHODS = 'GET, HEAD';

function plain(status: number, message: string, headers: Record<string, string> = {}): ScrapeResponse {
  const body = Buffer.from(`${message}\n`, 'utf8');
  return {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(body.length),
      ...headers,
    },
    body,
  };
}

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // The first line is enough for a scraper's log; stacks stay in the app's own logs.
  return text.split('\n', 1)[0].slice(0, 500);
}

/**
 * Answers one scrape: credentials and method checks, format negotiation,
 * `name[]` filtering and compression. Pure apart from running the registry's
 * collectors, so every server and framework adapter just writes the result.
 * Never rejects: a failing collector becomes a 500 with a short reason.
 */
export async function scrapeResponse(
  registry: Registry<any>,
  request: ScrapeRequest,
  options: ScrapeResponseOptions = {},
): Promise<ScrapeResponse> {
  // Credentials first: without them a client learns nothing, not even which methods exist.
  if (options.auth && !(await isAuthorized(request.authorization, options.auth))) {
    return plain(401, 'Unauthorized', { 'WWW-Authenticate': authChallenge(options.auth) });
  }
  const method = (request.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') {
    return plain(405, `Method ${method} not allowed; use GET or HEAD`, { Allow: ALLOWED_METHODS });
  }
  const { format, contentType, escaping } = negotiate(request.accept, {
    openMetrics: options.openMetrics,
    protobuf: options.protobuf,
  });
  if (format !== 'text') tellRenamedCounters(registry, format);
  const compress = options.gzip !== false && acceptsGzip(request.acceptEncoding) && canGzip();
  let body: Buffer;
  try {
    body = await encodedBody(registry, { format, escaping, names: requestedNames(request.url), compress });
  } catch (error) {
    return plain(500, `Error collecting metrics: ${reasonOf(error)}`);
  }
  const headers: Record<string, string> = { 'Content-Type': contentType, Vary: 'Accept, Accept-Encoding' };
  if (compress) headers['Content-Encoding'] = 'gzip';
  headers['Content-Length'] = String(body.length);
  return { status: 200, headers, body: method === 'HEAD' ? Buffer.alloc(0) : body };
}

interface BodyRequest {
  readonly format: ExpositionFormat;
  readonly escaping: EscapingScheme;
  readonly names: string[] | undefined;
  readonly compress: boolean;
}

/**
 * The response body. Concurrent scrapes that ask for the same exposition share
 * the registry's one rendering of it, and the compressed ones its one gzip (in
 * the registry's coalescer): twenty Prometheus servers or dashboards scraping
 * at once hold one exposition and one compressed copy, not twenty.
 */
async function encodedBody(registry: Registry<any>, request: BodyRequest): Promise<Buffer> {
  const { format, escaping, names, compress } = request;
  if (compress) return registry.encodedBody({ format, escaping, names }, 'gzip', gzipBytes);
  const bytes = await registry.metricsBytes({ format, escaping, names });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Default cap on the scrapes one endpoint answers at once. */
export const DEFAULT_MAX_IN_FLIGHT = 10;

/**
 * `scrapeResponse` for one endpoint, with its cap on scrapes in flight: past
 * `maxInFlight`, a scrape is answered 503 at once instead of queuing work.
 */
export function scrapeResponder(
  registry: Registry<any>,
  options: ScrapeResponseOptions = {},
): (request: ScrapeRequest) => Promise<ScrapeResponse> {
  const max = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  if (!(max >= 1))
    throw new RangeError(`maxInFlight must be a number >= 1 (or Infinity), got ${String(max)}`);
  let inFlight = 0;
  return async (request) => {
    if (inFlight >= max) {
      return plain(503, `Too many concurrent scrapes (limit ${max}); try again later`, {
        'Retry-After': '1',
      });
    }
    inFlight++;
    try {
      return await scrapeResponse(registry, request, options);
    } finally {
      inFlight--;
    }
  };
}
