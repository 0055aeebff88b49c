// A Cloudflare Worker, routed by Hono, that counts its requests, records
// HTTP metrics by route template and serves them through
// metricsFetchHandler. `/unsupported` calls what a Worker cannot have and
// answers with the errors, to show they come at the call, not at import.
import { Hono } from 'hono';
import {
  AggregatorRegistry,
  Counter,
  collectDefaultMetrics,
  honoHttpMetrics,
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

const app = new Hono();
app.use(honoHttpMetrics({ registry }));
// Every method: the handler answers those it does not serve with 405.
app.all('/metrics', (c) => scrape(c.req.raw));
app.get('/unsupported', (c) =>
  c.json({
    collectDefaultMetrics: errorOf(() => collectDefaultMetrics({ register: registry })),
    startHttpServer: errorOf(() => startHttpServer({ port: 0 })),
    cluster: errorOf(() => new AggregatorRegistry()),
  }),
);
app.get('/orders/:id', (c) => c.json({ id: c.req.param('id') }));
app.all('*', (c) => {
  requests.inc({ path: c.req.path });
  return c.text('ok\n');
});

export default app;
