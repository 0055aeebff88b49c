import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InventoryServer {
  /** `http://host:port` */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A stand-in for a remote inventory service: `GET /stock/:id` answers after
 * 5 to 80 ms; every twentieth answer is a 503 and every fiftieth drops the
 * connection, so the catalog's outgoing metrics show failures of both kinds.
 */
export function startInventoryServer(host = '127.0.0.1', port = 0): Promise<InventoryServer> {
  let answered = 0;
  const server = createServer((req, res) => {
    const id = /^\/stock\/([^/]+)$/.exec(req.url ?? '')?.[1];
    setTimeout(
      () => {
        answered++;
        if (id === undefined) {
          res.statusCode = 404;
          res.end();
        } else if (answered % 50 === 0) {
          res.socket?.destroy();
        } else if (answered % 20 === 0) {
          res.statusCode = 503;
          res.end();
        } else {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ id, stock: Math.floor(Math.random() * 40) }));
        }
      },
      5 + Math.random() * 75,
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${address.port}`,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
