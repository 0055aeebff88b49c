// The orders app under PM2 cluster mode (or any process manager): every
// instance writes its metrics to PROMKIT_MULTIPROC_DIR and serves the merged
// view of all instances on /metrics. PM2 is the cluster primary, so there is no
// process of ours that could gather the others' metrics; the directory is how
// they meet.
//
//   npm run build
//   rm -rf /tmp/orders-metrics && mkdir /tmp/orders-metrics
//   PROMKIT_MULTIPROC_DIR=/tmp/orders-metrics npx pm2 start sample/pm2/app.js -i 4
//   curl -s localhost:3000/orders; curl -s localhost:3000/metrics
//   npx promkit show --dir /tmp/orders-metrics    # the same view, from no instance at all
const http = require('node:http');
const { Counter, Gauge, Histogram, metricsHandler, startMultiprocessDirectory } = require('promkit');

// Writes this process's file every second (and at exit); other instances see it at most that late.
const shared = startMultiprocessDirectory({ flushInterval: 1000 });
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
// A gauge per instance by default (label pid); this one is added up over running instances.
new Gauge({ name: 'orders_instances_up', help: 'Instances running.', multiprocessMode: 'livesum' }).set(1);
const metrics = metricsHandler(shared.aggregated);

const server = http.createServer((req, res) => {
  if (req.url === '/metrics') return void metrics(req, res);
  const route = req.url === '/orders' ? '/orders' : 'other';
  const end = duration.startTimer({ route });
  const code = route === '/orders' ? 200 : 404;
  res.statusCode = code;
  res.end(code === 200 ? '[]' : 'not found');
  requests.inc({ route, code });
  end();
});
server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`instance ${process.pid} serving http://127.0.0.1:${server.address().port}/orders`);
});
