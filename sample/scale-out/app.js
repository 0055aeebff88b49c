// One instance of the orders app for the scale-out set-up (docs/deployment.md):
// it serves GET /orders on PORT (default 3000) and its metrics on /metrics of
// the same port. With WORKERS=n it runs as a Node cluster of n workers sharing
// that port, and whichever worker is scraped answers with the merged metrics
// of the whole cluster, so Prometheus sees the cluster as one instance.
// With REMOTE_WRITE_URL it also pushes them there itself, every
// PUSH_INTERVAL_SECONDS (default 15), named as a scrape would name it.
//
//   npm run build
//   PORT=3001 node sample/scale-out/app.js
//   PORT=3003 WORKERS=2 node sample/scale-out/app.js
//   PORT=3004 REMOTE_WRITE_URL=http://127.0.0.1:8428/api/v1/write node sample/scale-out/app.js
const cluster = require('node:cluster');
const http = require('node:http');
const {
  AggregatorRegistry,
  metricsHandler,
  register,
  setRoute,
  startRemoteWrite,
  withHttpMetrics,
} = require('promkit');

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 3000);
const workers = Number(process.env.WORKERS ?? 0);
// In every process of a cluster, before branching: the primary merges, workers answer it.
const aggregator = workers > 0 ? new AggregatorRegistry() : undefined;

/** Pushes `registry` when REMOTE_WRITE_URL asks for it; on SIGTERM, a last push before exiting. */
function pushIfAsked(registry) {
  const url = process.env.REMOTE_WRITE_URL;
  if (!url) return;
  const pushing = startRemoteWrite({
    url,
    registry,
    intervalSeconds: Number(process.env.PUSH_INTERVAL_SECONDS ?? 15),
    version: '1.0', // what VictoriaMetrics 1.79 takes; newer receivers may take 2.0, the default
    job: 'orders',
    instance: `${host}:${port}`,
  });
  process.once('SIGTERM', () => void pushing.stop().finally(() => process.exit(0)));
}

if (aggregator && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (worker) => {
    if (!worker.exitedAfterDisconnect) cluster.fork();
  });
  // The merged view is pushed once, by the primary, never by each worker.
  pushIfAsked(aggregator.aggregated);
} else {
  // A worker's scrape asks the primary for the merged view; a single process serves its own.
  const scrape = metricsHandler(aggregator?.aggregated);
  const server = http.createServer(
    withHttpMetrics((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/metrics') return void scrape(req, res);
      if (path !== '/orders') {
        res.statusCode = 404; // no setRoute: counted as <unmatched>
        return void res.end();
      }
      setRoute(req, '/orders');
      res.setHeader('content-type', 'application/json');
      res.end('[]');
    }),
  );
  server.listen(port, host, () => {
    const who = cluster.isWorker ? `worker ${cluster.worker.id}` : 'instance';
    console.log(`${who} serving http://${host}:${port}/orders`);
  });
  if (!aggregator) pushIfAsked(register);
}
