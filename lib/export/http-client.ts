import * as http from 'node:http';
import * as https from 'node:https';

export interface OutgoingRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers?: http.OutgoingHttpHeaders;
  readonly body?: string | Buffer;
  /** The whole exchange must finish within this many milliseconds. */
  readonly timeoutMs: number;
  /** Extra options for http(s).request (agent, TLS settings, ...). */
  readonly requestOptions?: https.RequestOptions;
}

export interface IncomingAnswer {
  readonly resp: http.IncomingMessage;
  readonly status: number;
  readonly body: string;
}

export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';
}

/**
 * One HTTP(S) request with an overall deadline, resolving with the whole
 * body whatever the status; rejects on a network error or the deadline.
 */
export function sendRequest(request: OutgoingRequest): Promise<IncomingAnswer> {
  const transport = request.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(request.url, {
      ...request.requestOptions,
      method: request.method,
      headers: { ...(request.requestOptions?.headers as http.OutgoingHttpHeaders), ...request.headers },
    });
    // A deadline for the whole exchange, not just idle time: a server that
    // trickles bytes must not hold the caller forever.
    const timer = setTimeout(() => {
      req.destroy(
        new RequestTimeoutError(
          `${request.method} ${request.url.origin}${request.url.pathname} timed out after ${request.timeoutMs} ms`,
        ),
      );
    }, request.timeoutMs);
    timer.unref();
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.on('response', (resp) => {
      const chunks: Buffer[] = [];
      resp.on('data', (chunk: Buffer) => chunks.push(chunk));
      resp.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      resp.on('end', () => {
        clearTimeout(timer);
        resolve({ resp, status: resp.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.end(request.body);
  });
}
