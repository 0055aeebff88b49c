// biome-ignore-all lint/style/useNodejsImportProtocol: users' tests replace `http` with jest.mock('http'), which jest 29 does not apply to 'node:http'

import type * as http from 'http';
import type * as https from 'https';
import { nodeBuiltin, realClearTimeout, realSetTimeout } from '../core';

const SENDING = 'sending metrics over HTTP (Pushgateway, JSON exporter)';

export interface OutgoingRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers?: http.OutgoingHttpHeaders;
  /**
   * The request body. A promise is written once it resolves: the request
   * itself starts at once, so its connection opens while the body is built.
   */
  readonly body?: string | Buffer | PromiseLike<string | Buffer>;
  /** The whole exchange must finish within this many milliseconds. */
  readonly timeoutMs: number;
  /** Extra options for http(s).request (agent, TLS settings, `timeout` for an idle socket, ...). */
  readonly requestOptions?: https.RequestOptions;
  /** What a request that ran out of time rejects with; a RequestTimeoutError naming it by default. */
  readonly timeoutError?: () => Error;
  /** The longest response body read, in bytes (default DEFAULT_MAX_BODY_BYTES); a longer one fails the request. */
  readonly maxBodyBytes?: number;
  /**
   * Resolve with the first `maxBodyBytes` of a longer body instead of failing,
   * for callers that need the status and only quote the body.
   */
  readonly truncateBody?: boolean;
  /** Also resolve with the body's bytes as they came (`bytes`), for binary answers such as protobuf. */
  readonly keepBytes?: boolean;
}

/** Response bodies longer than this fail the request unless the caller allows more: 16 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface IncomingAnswer {
  readonly resp: http.IncomingMessage;
  readonly status: number;
  readonly body: string;
  /** The body's bytes, when the request asked to keep them. */
  readonly bytes?: Buffer;
}

export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';
}

/** The answer's body was longer than the request allowed; it was not read further. */
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';
}

/**
 * The URL as http.request options, the form `url.parse` gave and prom-client
 * passed: code that replaces http.request in tests reads `path` and `auth`.
 */
function urlOptions(url: URL): http.RequestOptions {
  const options: http.RequestOptions = {
    protocol: url.protocol,
    // http.request wants an IPv6 address without its brackets.
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    path: url.pathname + url.search,
  };
  if (url.port !== '') options.port = Number(url.port);
  if (url.username !== '' || url.password !== '') {
    options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  }
  return options;
}

/**
 * One HTTP(S) request with an overall deadline, resolving with the whole
 * body whatever the status. Rejects on a network error, the deadline, a body
 * over `maxBodyBytes` (declared or read) or one that ends early; nothing it
 * does throws past the promise. The body is decoded as it streams in, so at
 * no time is it held twice. Redirects are not followed: a 3xx is an answer
 * like any other. http.request is called before this returns, as prom-client's
 * Pushgateway does.
 */
export function sendRequest(request: OutgoingRequest): Promise<IncomingAnswer> {
  return new Promise((resolve, reject) => {
    // Loaded here, so a runtime without them rejects this request rather than failing at import.
    const transport = nodeBuiltin(request.url.protocol === 'https:' ? 'https' : 'http', SENDING);
    const { StringDecoder } = nodeBuiltin('node:string_decoder', SENDING);
    const headers =
      request.requestOptions?.headers === undefined && request.headers === undefined
        ? undefined
        : { ...(request.requestOptions?.headers as http.OutgoingHttpHeaders), ...request.headers };
    const options: http.RequestOptions = {
      ...urlOptions(request.url),
      ...request.requestOptions,
      method: request.method,
    };
    if (headers === undefined) delete options.headers;
    else options.headers = headers;
    const req = transport.request(options);
    let settled = false;
    let timer: ReturnType<typeof realSetTimeout> | undefined;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      realClearTimeout(timer);
      reject(error);
      // A stand-in for http.request in a user's test may not have destroy().
      if (typeof req.destroy === 'function') req.destroy();
    };
    const timedOut = () =>
      fail(
        request.timeoutError?.() ??
          new RequestTimeoutError(
            `${request.method} ${request.url.origin}${request.url.pathname} timed out after ${request.timeoutMs} ms`,
          ),
      );
    // A deadline for the whole exchange, not just idle time: a server that
    // trickles bytes must not hold the caller forever. Node's own timer, so a
    // test's fake timers cannot stop it.
    timer = realSetTimeout(timedOut, request.timeoutMs);
    timer.unref();
    req.on('error', fail);
    // Only emitted when the caller asked for an idle timeout (`timeout` in requestOptions).
    req.on('timeout', timedOut);
    const limit = request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const where = `${request.method} ${request.url.origin}${request.url.pathname}`;
    const tooLarge = () =>
      fail(new ResponseTooLargeError(`${where}: the response body is larger than ${limit} bytes`));
    req.on('response', (resp) => {
      const truncate = request.truncateBody === true;
      if (!truncate && Number(resp.headers['content-length']) > limit) return tooLarge();
      const decoder = new StringDecoder('utf8');
      let text = '';
      let bytes = 0;
      const kept: Buffer[] | undefined = request.keepBytes ? [] : undefined;
      const answer = () => {
        if (settled) return;
        settled = true;
        realClearTimeout(timer);
        const body = text + decoder.end();
        const status = resp.statusCode ?? 0;
        resolve(kept ? { resp, status, body, bytes: Buffer.concat(kept) } : { resp, status, body });
      };
      const take = (chunk: Buffer) => {
        kept?.push(chunk);
        text += decoder.write(chunk);
      };
      resp.on('data', (chunk: Buffer) => {
        if (settled) return;
        bytes += chunk.length;
        if (bytes > limit) {
          if (!truncate) return tooLarge();
          take(chunk.subarray(0, chunk.length - (bytes - limit)));
          answer();
          // The rest is not wanted: stop reading it.
          if (typeof req.destroy === 'function') req.destroy();
          return;
        }
        take(chunk);
      });
      resp.on('error', fail);
      resp.on('end', answer);
      resp.on('close', () => {
        if (!resp.complete) fail(new Error(`${where}: the connection closed before the response ended`));
      });
    });
    const body = request.body;
    if (body !== undefined && typeof (body as PromiseLike<unknown>).then === 'function') {
      (body as PromiseLike<string | Buffer>).then((ready) => {
        if (!settled) req.end(ready);
      }, fail);
    } else {
      req.end(body as string | Buffer | undefined);
    }
  });
}
