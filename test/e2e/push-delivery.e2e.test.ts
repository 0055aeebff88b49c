import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runNode } from '../support/child-node';
import { freePort } from '../support/free-port';

const preload = [
  '-r',
  'ts-node/register/transpile-only',
  '-r',
  join(__dirname, '..', 'support', 'hide-module.ts'),
];

describe('push delivery in a process of its own', () => {
  it('loads and delivers through fetch where node:http and node:https do not exist', async () => {
    const bodies: string[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/write`;
      const run = await runNode(
        [...preload, join(__dirname, 'fixtures', 'push-without-node-http.ts'), url],
        { ...process.env, HIDE_MODULES: 'http,https,node:http,node:https' },
        40_000,
      );
      const last = run.output.trim().split('\n').at(-1) ?? '';
      expect(JSON.parse(last)).toEqual({ outcome: 'delivered', lookups: { http: 1 } });
      expect(bodies).toEqual(['from fetch']);
    } finally {
      server.close();
    }
  }, 45_000);

  it('never keeps the app alive nor rejects unhandled while the receiver is down', async () => {
    const url = `http://127.0.0.1:${await freePort()}/write`;
    const started = Date.now();
    const run = await runNode(
      [...preload, join(__dirname, 'fixtures', 'push-receiver-down.ts'), url],
      { ...process.env, HIDE_MODULES: '' },
      40_000,
    );
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
    expect(run.output).not.toContain('unhandled rejection');
    expect(run.output).toContain('warning: promkit down: sending to');
    expect(run.output).toMatch(/pending [1-9]/);
    // ts-node's compilation is most of it; the queue's retries add nothing.
    expect(Date.now() - started).toBeLessThan(35_000);
  }, 45_000);
});
