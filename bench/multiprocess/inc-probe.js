// Bench child: the cost of a counter child's inc() in one deployment, over a
// few seconds so that the deployment's background work (checkpoints, file
// flushes, answering scrapes every second) is included in the figure.
//   MODE: single | cluster | directory | thread    LIB: promkit | prom-client
const cluster = require('node:cluster');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Worker, isMainThread, parentPort } = require('node:worker_threads');

const mode = process.env.MODE;
const lib = process.env.LIB === 'prom-client' ? require('prom-client') : require(process.env.PROMKIT_BUNDLE);
const durationMs = Number(process.env.DURATION_MS ?? 3000);
const SCRAPE_EVERY_MS = 1000;

/** The app's other series, so snapshots and scrapes have something to carry. */
function define() {
  const background = new lib.Counter({ name: 'other_total', help: 'Other', labelNames: ['k'] });
  for (let i = 0; i < 1000; i++) background.inc({ k: String(i) });
  return new lib.Counter({ name: 'hot_total', help: 'Hot', labelNames: ['route'] }).labels('/orders');
}

async function measure(child) {
  for (let i = 0; i < 2_000_000; i++) child.inc();
  const chunk = 200_000;
  let calls = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(durationMs) * 1_000_000n;
  while (process.hrtime.bigint() < end) {
    for (let i = 0; i < chunk; i++) child.inc();
    calls += chunk;
    // Let timers run: their cost belongs in the figure.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return Number(process.hrtime.bigint() - start) / calls;
}

const report = (ns) => process.stdout.write(`${JSON.stringify({ ns })}\n`);

async function main() {
  if (mode === 'single') return report(await measure(define()));
  if (mode === 'directory') {
    const dir = mkdtempSync(join(tmpdir(), 'promkit-bench-'));
    const shared = lib.startMultiprocessDirectory({ dir, flushInterval: 1000 });
    const ns = await measure(define());
    await shared.stop();
    rmSync(dir, { recursive: true, force: true });
    return report(ns);
  }
  if (mode === 'cluster') {
    const aggregator = new lib.AggregatorRegistry();
    if (cluster.isPrimary) {
      const worker = cluster.fork();
      const timer = setInterval(() => aggregator.clusterMetrics().catch(() => {}), SCRAPE_EVERY_MS);
      worker.on('message', (m) => {
        if (m?.ns) {
          clearInterval(timer);
          report(m.ns);
          worker.kill();
        }
      });
      return;
    }
    const child = define();
    // Give the primary time to know the worker before measuring.
    await new Promise((resolve) => setTimeout(resolve, 500));
    return process.send({ ns: await measure(child) });
  }
  if (mode === 'thread') {
    const registry = new lib.WorkerRegistry();
    if (isMainThread) {
      const worker = new Worker(__filename, { env: process.env });
      const timer = setInterval(() => registry.workerMetrics().catch(() => {}), SCRAPE_EVERY_MS);
      worker.on('message', (m) => {
        // The worker's registry talks to the main thread's over the same port.
        if (typeof m?.ns !== 'number') return;
        clearInterval(timer);
        report(m.ns);
        worker.terminate();
      });
      return;
    }
    const child = define();
    await new Promise((resolve) => setTimeout(resolve, 500));
    return parentPort.postMessage({ ns: await measure(child) });
  }
  throw new Error(`unknown MODE ${mode}`);
}

main();
