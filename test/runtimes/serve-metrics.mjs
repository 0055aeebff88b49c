// Checks promkit's core on this runtime, then serves the global registry
// (with the default metrics) through metricsFetchHandler on Bun.serve or
// Deno.serve, on 127.0.0.1 and a port the system picks, and through
// startHttpServer (the runtime's node:http). Prints `NODE_HTTP <port>`, then
// `LISTENING <port>` once both serve; exits 1 if a check fails.
import { Counter, collectDefaultMetrics, metricsFetchHandler, startHttpServer } from 'promkit';
import { checkCoreMetrics } from './core-metrics.mjs';

const { problems, text } = await checkCoreMetrics();
if (problems.length > 0) {
  console.error(`CORE CHECKS FAILED:\n${problems.join('\n')}\n--- exposition ---\n${text}`);
  process.exit(1);
}
console.log('CORE CHECKS PASSED');

collectDefaultMetrics();
const requests = new Counter({
  name: 'runtime_http_requests_total',
  help: 'Requests served.',
  labelNames: ['path'],
});
const scrape = metricsFetchHandler();
const fetch = (request) => {
  const { pathname } = new URL(request.url);
  requests.inc({ path: pathname });
  return pathname === '/metrics' ? scrape(request) : new Response('not found\n', { status: 404 });
};

// Keeps the event loop busy now and then, so event-loop metrics have something to measure.
setInterval(() => {
  const until = Date.now() + 20;
  while (Date.now() < until);
}, 50);

const nodeHttp = await startHttpServer({ host: '127.0.0.1', port: 0 });
console.log(`NODE_HTTP ${nodeHttp.port}`);

if (typeof Bun !== 'undefined') {
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch });
  console.log(`LISTENING ${server.port}`);
} else if (typeof Deno !== 'undefined') {
  Deno.serve(
    { hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(`LISTENING ${port}`) },
    fetch,
  );
} else {
  console.error('serve-metrics.mjs runs on Bun or Deno');
  process.exit(2);
}
