import type { DeliveryAnswer, DeliveryRequest, DeliveryTransport } from './transport';
import { ANSWER_BODY_BYTES } from './transport';

/** The global `fetch`, for runtimes without node:http (Cloudflare Workers) or where it is preferred. */
export class FetchTransport implements DeliveryTransport {
  async send(request: DeliveryRequest): Promise<DeliveryAnswer> {
    const abort = new AbortController();
    const timer = setTimeout(
      () =>
        abort.abort(
          new Error(
            `POST ${request.url.origin}${request.url.pathname} timed out after ${request.timeoutMs} ms`,
          ),
        ),
      request.timeoutMs,
    );
    (timer as { unref?: () => void }).unref?.();
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: abort.signal,
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      return { status: response.status, headers, body: await readStart(response) };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The first ANSWER_BODY_BYTES of the body; the rest is not read, so a huge answer costs nothing. */
async function readStart(response: Response): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    while (bytes < ANSWER_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      bytes += value.byteLength;
      text += decoder.decode(value, { stream: true });
    }
    return text;
  } finally {
    reader.cancel().catch(() => undefined);
  }
}
