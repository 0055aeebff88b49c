import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// snappyjs: an independent snappy decoder, so promkit's encoder is checked against another implementation.
const snappy: { uncompress(input: Uint8Array): Uint8Array } = require('snappyjs');

/** One request a receiver got: its headers and its body, uncompressed. */
export interface ReceivedWrite {
  readonly headers: IncomingHttpHeaders;
  readonly body: Uint8Array;
}

export interface FakeReceiver {
  /** `http://127.0.0.1:<port>/api/v1/write` */
  readonly url: string;
  readonly received: ReceivedWrite[];
  close(): Promise<void>;
}

/** How the receiver answers each request (default: 204, as a 2.0 receiver with every `*-Written` header at 0). */
export type Answer = (write: ReceivedWrite, res: ServerResponse) => void;

export const answerAsV2: Answer = (_write, res) => {
  res.writeHead(204, {
    'X-Prometheus-Remote-Write-Samples-Written': '0',
    'X-Prometheus-Remote-Write-Histograms-Written': '0',
    'X-Prometheus-Remote-Write-Exemplars-Written': '0',
  });
  res.end();
};

/** A Remote Write receiver on a free loopback port that records what it is sent. */
export async function startFakeReceiver(answer: Answer = answerAsV2): Promise<FakeReceiver> {
  const received: ReceivedWrite[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const write = { headers: req.headers, body: snappy.uncompress(Buffer.concat(chunks)) };
      received.push(write);
      answer(write, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1/write`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
