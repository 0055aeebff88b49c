// One instance of the orders app for the scale-out set-up (docs/deployment.md):
// it serves GET /orders on PORT (default 3000) and its metrics on /metrics of
// the same port. With WORKERS=n it runs as a Node cluster of n workers sharing
// that port, and whichever worker is scraped answers with the merged metrics
// of the whole cluster, so Prometheus sees the cluster as one instance.
//
//   npm run build
//   PORT=3001 node sample/scale-out/app.js
//   PORT=3003 WORKERS=2 node sample/scale-out/app.js
const cluster = require('node:cluster');
const http = require('node:http');
const { AggregatorRegistry, metricsHandler, setRoute, withHttpMetrics } = require('promkit');

const workers = Number(process.env.WORKERS ?? 0);
// In every process of a cluster, before branching: the primary merges, workers answer it.
const aggregator = workers > 0 ? new AggregatorRegistry() : undefined;

if (aggregator && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (worker) => {
    if (!worker.exitedAfterDisconnect) cluster.fork();
  });
} else {
  const host = process.env.HOST ?? '127.0.0.1';
  const port = Number(process.env.PORT ?? 3000);
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
}
