// The orders app on a Node cluster: WORKERS processes (default 4) serve it on
// PORT (default 3000), and the primary serves the merged metrics of all of
// them, and its own, on METRICS_PORT (default 9464):
//
//   npm run build && node sample/cluster/cluster.js
//   curl -s localhost:3000/orders; curl -s localhost:9464/metrics
const cluster = require('node:cluster');
const http = require('node:http');
const {
  AggregatorRegistry,
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  startHttpServer,
} = require('promkit');

const host = process.env.HOST ?? '127.0.0.1';
// In every process, before branching: the primary aggregates, workers answer it.
const aggregator = new AggregatorRegistry();

if (cluster.isPrimary) {
  const workers = Number(process.env.WORKERS ?? 4);
  for (let i = 0; i < workers; i++) cluster.fork();
  // A worker that dies is replaced; its counts stay in the merged view.
  cluster.on('exit', (worker) => {
    if (!worker.exitedAfterDisconnect) cluster.fork();
  });
  new Gauge({
    name: 'orders_cluster_workers',
    help: 'Workers the primary runs.',
    collect() {
      this.set(Object.keys(cluster.workers ?? {}).length);
    },
  });
  startHttpServer({
    registry: aggregator.aggregated,
    port: Number(process.env.METRICS_PORT ?? 9464),
    host,
  }).then((server) => console.log(`metrics of the whole cluster on ${server.url}`));
} else {
  collectDefaultMetrics();
  const requests = new Counter({
    name: 'orders_requests_total',
    help: 'Requests served, by route and status.',
    labelNames: ['route', 'code'],
  });
  const duration = new Histogram({
    name: 'orders_request_duration_seconds',
    help: 'Request duration.',
    labelNames: ['route'],
    buckets: [0.001, 0.01, 0.1, 1],
  });
  const server = http.createServer((req, res) => {
    const end = duration.startTimer({ route: req.url === '/orders' ? '/orders' : 'other' });
    const code = req.url === '/orders' ? 200 : 404;
    res.statusCode = code;
    res.end(code === 200 ? '[]' : 'not found');
    requests.inc({ route: req.url === '/orders' ? '/orders' : 'other', code });
    end();
  });
  // Every worker listens on the same port; the primary hands out connections.
  server.listen(Number(process.env.PORT ?? 3000), host, () => {
    console.log(`worker ${cluster.worker.id} serving http://${host}:${server.address().port}/orders`);
  });
}
