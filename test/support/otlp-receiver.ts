import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface OtlpReceiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** What the next requests are answered: a status, headers and a body (200, empty by default). */
  answer(
    next: (request: ReceivedRequest) => { status: number; headers?: Record<string, string>; body?: string },
  ): void;
  /** Marks every request received so far as taken: nextRequest() waits for a new one. */
  skipReceived(): void;
  /** Resolves with the next request to arrive (or one already waiting). */
  nextRequest(timeoutMs?: number): Promise<ReceivedRequest>;
  close(): Promise<void>;
}

/** An in-process HTTP receiver on 127.0.0.1 and an ephemeral port, recording every request. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: ReceivedRequest[] = [];
  let taken = 0;
  const waiters: ((r: ReceivedRequest) => void)[] = [];
  let answer: Parameters<OtlpReceiver['answer']>[0] = () => ({ status: 200 });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(request);
      const waiter = waiters.shift();
      if (waiter) {
        taken++;
        waiter(request);
      }
      const { status, headers, body } = answer(request);
      res.writeHead(status, headers);
      res.end(body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/metrics`,
    requests,
    answer: (next) => {
      answer = next;
    },
    skipReceived() {
      taken = requests.length;
    },
    nextRequest(timeoutMs = 5000) {
      if (taken < requests.length) return Promise.resolve(requests[taken++]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no request within ${timeoutMs} ms`)), timeoutMs);
        waiters.push((r) => {
          clearTimeout(timer);
          resolve(r);
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
