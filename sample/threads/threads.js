// Work spread over worker threads, one scrape for all of them: each thread
// records into its own metrics, and the main thread serves the merged view of
// the main thread's and every thread's metrics on METRICS_PORT (default 9465).
//
//   npm run build && node sample/threads/threads.js
//   curl -s localhost:9465/metrics
const { Worker, isMainThread, parentPort } = require('node:worker_threads');
const { Counter, Summary, WorkerRegistry, startHttpServer } = require('promkit');

// In the main thread (before starting workers) and in every worker thread.
const registry = new WorkerRegistry();
const jobs = new Counter({ name: 'resize_jobs_total', help: 'Images resized.' });
const seconds = new Summary({
  name: 'resize_seconds',
  help: 'Time to resize an image.',
  percentiles: [0.5, 0.99],
});

if (isMainThread) {
  const threads = Number(process.env.THREADS ?? 4);
  const start = () => {
    const worker = new Worker(__filename);
    // A thread that dies is replaced; its counts stay in the merged view.
    worker.on('exit', (code) => code !== 0 && start());
  };
  for (let i = 0; i < threads; i++) start();
  startHttpServer({
    registry: registry.aggregated,
    port: Number(process.env.METRICS_PORT ?? 9465),
    host: '127.0.0.1',
  }).then((server) => console.log(`metrics of every thread on ${server.url}`));
} else {
  // Recording sends nothing: the main thread asks for a snapshot when it is scraped.
  const work = () => {
    const end = seconds.startTimer();
    let x = 0;
    for (let i = 0; i < 1e5 * (1 + Math.random() * 9); i++) x += Math.sqrt(i);
    end();
    jobs.inc();
    parentPort.postMessage(x > 0);
    setTimeout(work, 10);
  };
  work();
}
