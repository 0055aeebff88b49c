import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as promClient from 'prom-client';
import { collectDefaultMetrics, Registry } from '../lib';
import { printTable, type Row } from './harness';

/**
 * What the default metrics cost: CPU per scrape (over an empty registry) and
 * CPU per second while idle (the event-loop monitor's timer and the GC
 * observer run between scrapes), with Node's event-loop delay monitor alone as
 * the floor of the idle cost. CPU comes from process.cpuUsage, so work on
 * libuv's threads (the async /proc reads) counts too.
 */

const IDLE_SECONDS = 3;
/**
 * Time left to pass before an idle period is measured: for some seconds after
 * start-up or after a burst of scrapes, V8 still compiles and collects
 * garbage, and whichever library was measured then was charged for it.
 */
const SETTLE_MS = 4000;
const SCRAPES = 2000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** CPU µs per second spent by this process while it only sleeps. */
async function idleCpuPerSecond(): Promise<number> {
  const start = cpuMicros();
  await sleep(IDLE_SECONDS * 1000);
  return (cpuMicros() - start) / IDLE_SECONDS;
}

/** CPU µs per `metrics()` call, after a warm-up. */
async function cpuPerScrape(scrape: () => Promise<string>): Promise<number> {
  for (let i = 0; i < SCRAPES / 10; i++) await scrape();
  const start = cpuMicros();
  for (let i = 0; i < SCRAPES; i++) await scrape();
  return (cpuMicros() - start) / SCRAPES;
}

const micros = (us: number) => `${Math.max(0, us).toFixed(1)} µs`;

export async function runCollectorBench(): Promise<string> {
  const empty = new Registry();
  await sleep(SETTLE_MS);
  const baselineIdle = await idleCpuPerSecond();
  const baselineScrape = await cpuPerScrape(() => empty.metrics());

  // The floor of the idle cost: Node's event-loop delay monitor at the same
  // resolution, which both libraries run.
  const monitor = monitorEventLoopDelay({ resolution: 10 });
  monitor.enable();
  await sleep(SETTLE_MS);
  const floorIdle = await idleCpuPerSecond();
  monitor.disable();

  const ours = new Registry();
  const handle = collectDefaultMetrics({ register: ours });
  await ours.metrics();
  await sleep(SETTLE_MS);
  const ourIdle = await idleCpuPerSecond();
  const ourScrape = await cpuPerScrape(() => ours.metrics());
  handle.stop();

  // prom-client's monitors cannot be stopped, so it is measured last.
  const theirs = new promClient.Registry();
  promClient.collectDefaultMetrics({ register: theirs });
  await theirs.metrics();
  await sleep(SETTLE_MS);
  const theirIdle = await idleCpuPerSecond();
  const theirScrape = await cpuPerScrape(() => theirs.metrics());

  const rows: Row[] = [
    {
      operation: 'added CPU per scrape',
      cells: {
        promkit: micros(ourScrape - baselineScrape),
        'prom-client': micros(theirScrape - baselineScrape),
      },
    },
    {
      operation: 'added CPU per second, idle',
      cells: {
        promkit: micros(ourIdle - baselineIdle),
        'prom-client': micros(theirIdle - baselineIdle),
        floor: micros(floorIdle - baselineIdle),
      },
    },
  ];
  return printTable(
    `collectDefaultMetrics cost (CPU time over an empty registry / an idle process; ${SCRAPES} scrapes, ${IDLE_SECONDS} s idle; floor: Node's event-loop delay monitor alone at 10 ms)`,
    ['promkit', 'prom-client', 'floor'],
    rows,
  );
}

if (require.main === module) {
  runCollectorBench().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
