// A Cloudflare Worker that counts its requests and serves them through
// metricsFetchHandler. `/unsupported` calls what a Worker cannot have and
// answers with the errors, to show they come at the call, not at import.
import {
  AggregatorRegistry,
  Counter,
  collectDefaultMetrics,
  metricsFetchHandler,
  Registry,
  startHttpServer,
} from 'promkit';

const registry = new Registry();
const requests = new Counter({
  name: 'worker_requests_total',
  help: 'Requests the Worker answered.',
  labelNames: ['path'],
  registers: [registry],
});
const scrape = metricsFetchHandler({ registry });

function errorOf(call) {
  try {
    call();
    return 'no error';
  } catch (error) {
    return `${error.name}: ${error.message}`;
  }
}

export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === '/metrics') return scrape(request);
    if (pathname === '/unsupported') {
      return Response.json({
        collectDefaultMetrics: errorOf(() => collectDefaultMetrics({ register: registry })),
        startHttpServer: errorOf(() => startHttpServer({ port: 0 })),
        cluster: errorOf(() => new AggregatorRegistry()),
      });
    }
    requests.inc({ path: pathname });
    return new Response('ok\n');
  },
};
