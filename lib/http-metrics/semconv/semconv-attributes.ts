import { statusText } from '../status-text';

/**
 * The methods the conventions know (RFC 9110 and PATCH); any other is
 * recorded as `_OTHER`, case included, so a client cannot make a series per
 * made-up method.
 */
const KNOWN_METHODS = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
]);

/** `http.request.method`: the method when known, else `_OTHER`. */
export function requestMethod(method: string): string {
  return KNOWN_METHODS.has(method) ? method : '_OTHER';
}

/** `http.response.status_code`: empty (no label, once stored) when no response was sent. */
export function responseStatusCode(statusCode: number | undefined): string {
  return statusCode === undefined ? '' : statusText(statusCode);
}

/**
 * `error.type`, set only when the request failed: a server error's status
 * code (4xx is the client's error, not the server's), or `_OTHER`, the
 * conventions' fallback, when no response was sent at all (the connection
 * closed first). An exception a handler throws reaches the frameworks
 * promkit measures as a 5xx answer, so it is recorded as that status.
 */
export function errorType(statusCode: number | undefined): string {
  if (statusCode === undefined) return '_OTHER';
  return statusCode >= 500 ? statusText(statusCode) : '';
}

/**
 * `url.scheme` of the connection the request came on: a node:http request's
 * socket, or a Fetch request's URL. A proxy's `X-Forwarded-Proto` is not
 * trusted: the client could set it.
 */
export function urlScheme(request: object | undefined): string {
  const socket = (request as { socket?: { encrypted?: boolean } } | undefined)?.socket;
  if (socket !== undefined) return socket.encrypted ? 'https' : 'http';
  const url = (request as { url?: unknown } | undefined)?.url;
  return typeof url === 'string' && url.startsWith('https:') ? 'https' : 'http';
}

/**
 * `network.protocol.version` of a node:http request (`1.1`, `2` for
 * HTTP/2, whose compatibility API says `2.0`); empty where the runtime does
 * not tell (a Fetch request).
 */
export function protocolVersion(request: object | undefined): string {
  const version = (request as { httpVersion?: unknown } | undefined)?.httpVersion;
  if (typeof version !== 'string') return '';
  return version === '2.0' ? '2' : version;
}
