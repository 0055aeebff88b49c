import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Registry } from '../../core';
import { negotiate } from '../../exposition';
import { acceptsGzip } from './accept-encoding';
import { authChallenge, isAuthorized, type MetricsAuth } from './auth';
import { requestedNames } from './query-names';

const gzip = promisify(gzipCallback);

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

export interface ScrapeResponseOptions {
  /** Compress when the client accepts gzip (default true). */
  readonly gzip?: boolean;
  /** `false` never serves OpenMetrics (see `negotiate`). */
  readonly openMetrics?: boolean;
  /** `false` never serves protobuf, the only format that carries native histograms. */
  readonly protobuf?: boolean;
  /** Require these credentials; others get 401. */
  readonly auth?: MetricsAuth;
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
 * Answers one scrape: method and credentials checks, format negotiation,
 * `name[]` filtering and compression. Pure apart from running the registry's
 * collectors, so every server and framework adapter just writes the result.
 * Never rejects: a failing collector becomes a 500 with a short reason.
 */
export async function scrapeResponse(
  registry: Registry<any>,
  request: ScrapeRequest,
  options: ScrapeResponseOptions = {},
): Promise<ScrapeResponse> {
  const method = (request.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') {
    return plain(405, `Method ${method} not allowed; use GET or HEAD`, { Allow: ALLOWED_METHODS });
  }
  if (options.auth && !isAuthorized(request.authorization, options.auth)) {
    return plain(401, 'Unauthorized', { 'WWW-Authenticate': authChallenge(options.auth) });
  }
  const { format, contentType, escaping } = negotiate(request.accept, {
    openMetrics: options.openMetrics,
    protobuf: options.protobuf,
  });
  let exposition: string | Uint8Array;
  try {
    exposition = await registry.metrics({ format, escaping, names: requestedNames(request.url) });
  } catch (error) {
    return plain(500, `Error collecting metrics: ${reasonOf(error)}`);
  }
  const headers: Record<string, string> = { 'Content-Type': contentType, Vary: 'Accept, Accept-Encoding' };
  let body =
    typeof exposition === 'string'
      ? Buffer.from(exposition, 'utf8')
      : Buffer.from(exposition.buffer, exposition.byteOffset, exposition.byteLength);
  if (options.gzip !== false && acceptsGzip(request.acceptEncoding)) {
    body = await gzip(body);
    headers['Content-Encoding'] = 'gzip';
  }
  headers['Content-Length'] = String(body.length);
  return { status: 200, headers, body: method === 'HEAD' ? Buffer.alloc(0) : body };
}
