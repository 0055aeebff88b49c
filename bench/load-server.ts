import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { metricsHandler } from '../lib';
import { promClientLoadRegistry, promkitLoadRegistry } from './load-registries';

/**
 * The server side of `load.bench.ts`: one library's registry with `series`
 * counter series in one family, served on /metrics, in a process of its own
 * so that its memory can be read from outside. /reset starts a new phase
 * (garbage collected, loop-delay histogram cleared); /stats reports the
 * longest event-loop block since. Prints `{ port }` once listening; exits
 * when its parent closes stdin.
 *
 * Usage: node --expose-gc -r ts-node/register/transpile-only bench/load-server.ts <promkit|prom-client> <series>
 */

const library = process.argv[2];
const series = Number(process.argv[3] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function promkitHandler(): Handler {
  // Room for the benchmark's 20 concurrent scrapes; the default cap (10) would answer half of them 503.
  const handler = metricsHandler(promkitLoadRegistry(series), { gzip: false, maxInFlight: 64 });
  return (req, res) => void handler(req, res);
}

function promClientHandler(): Handler {
  const registry = promClientLoadRegistry(series);
  return (_req, res) => {
    registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
      () => res.destroy(),
    );
  };
}

const scrape = library === 'prom-client' ? promClientHandler() : promkitHandler();
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();

const server = createServer((req, res) => {
  if (req.url === '/metrics') return scrape(req, res);
  if (req.url === '/reset') {
    gc();
    // The histogram records a delay when its timer next fires: cleared at once, it would
    // still be charged with this collection's pause.
    setTimeout(() => {
      delay.reset();
      res.end('{}');
    }, 20);
    return;
  }
  if (req.url === '/stats') return res.end(JSON.stringify({ maxBlockMs: delay.max / 1e6 }));
  res.writeHead(404).end();
});
gc();
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
