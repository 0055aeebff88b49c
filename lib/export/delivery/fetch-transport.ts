import { unrefTimer } from '../../core';
import type { DeliveryAnswer, DeliveryRequest, DeliveryTransport } from './transport';
import { ANSWER_BODY_BYTES } from './transport';

/** The global `fetch`, for runtimes without node:http (Cloudflare Workers) or where it is preferred. */
export class FetchTransport implements DeliveryTransport {
  async send(request: DeliveryRequest): Promise<DeliveryAnswer> {
    const abort = new AbortController();
    const where = `${request.url.origin}${request.url.pathname}`;
    const timeout = () => abort.abort(new Error(`POST ${where} timed out after ${request.timeoutMs} ms`));
    const timer = unrefTimer(setTimeout(timeout, request.timeoutMs));
    try {
      const { url, headers: sent } = withoutCredentials(request.url, request.headers);
      const response = await fetch(url, {
        method: 'POST',
        headers: sent,
        body: request.body,
        signal: abort.signal,
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      const bytes = await readStart(response);
      return { status: response.status, headers, body: new TextDecoder().decode(bytes), bytes };
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * fetch refuses a URL with credentials in it, where node:http sends them as
 * Basic auth: they become that header here too (unless one is set already).
 */
function withoutCredentials(
  url: URL,
  headers: Readonly<Record<string, string>>,
): { url: URL; headers: Readonly<Record<string, string>> } {
  if (url.username === '' && url.password === '') return { url, headers };
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'authorization'))
    return { url: bare, headers };
  const userPass = new TextEncoder().encode(
    `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`,
  );
  const basic = btoa(String.fromCharCode(...userPass));
  return { url: bare, headers: { ...headers, authorization: `Basic ${basic}` } };
}

/** The first ANSWER_BODY_BYTES of the body; the rest is not read, so a huge answer costs nothing. */
async function readStart(response: Response): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    while (length < ANSWER_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      const wanted = value.subarray(0, ANSWER_BODY_BYTES - length);
      chunks.push(wanted);
      length += wanted.byteLength;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
