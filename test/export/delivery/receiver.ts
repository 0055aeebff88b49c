import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the receiver answers one request: a status (with headers and body), a hang, or a dropped connection. */
export type Reply =
  | { status: number; headers?: Record<string, string>; body?: string | Buffer }
  | 'hang'
  | 'close';

export interface Received {
  readonly body: string;
  readonly headers: IncomingMessage['headers'];
}

/**
 * A real HTTP receiver on 127.0.0.1 and an ephemeral port: answers with the
 * scripted replies in turn (204 once they run out) and keeps every request
 * it answered with a 2xx.
 */
export class Receiver {
  readonly requests: Received[] = [];
  readonly delivered: string[] = [];
  private readonly replies: Reply[] = [];
  private readonly sockets = new Set<Socket>();
  private server!: Server;
  url = '';

  /** The answer to every request once the scripted replies run out. */
  fallback: Reply = { status: 204 };

  /** Listens on `port` (0: any free one), so a test can bring a stopped receiver back where it was. */
  static async start(port = 0): Promise<Receiver> {
    const receiver = new Receiver();
    receiver.server = createServer((req, res) => receiver.handle(req, res));
    receiver.server.on('connection', (socket) => {
      receiver.sockets.add(socket);
      socket.on('close', () => receiver.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => receiver.server.listen(port, '127.0.0.1', resolve));
    const bound = (receiver.server.address() as AddressInfo).port;
    receiver.url = `http://127.0.0.1:${bound}/api/v1/write`;
    return receiver;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  reply(...replies: Reply[]): this {
    this.replies.push(...replies);
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      this.requests.push({ body, headers: req.headers });
      const reply = this.replies.shift() ?? this.fallback;
      if (reply === 'hang') return;
      if (reply === 'close') {
        req.socket.destroy();
        return;
      }
      if (reply.status >= 200 && reply.status < 300) this.delivered.push(body);
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body ?? '');
    });
  }
}
