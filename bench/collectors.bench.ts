import * as promClient from 'prom-client';
import { collectDefaultMetrics, Registry } from '../lib';
import { printTable, type Row } from './harness';

/**
 * What the default metrics cost: CPU per scrape (over an empty registry) and
 * CPU per second while idle (the event-loop monitor's timer and the GC
 * observer run between scrapes). CPU comes from process.cpuUsage, so work on
 * libuv's threads (the async /proc reads) counts too.
 */

const IDLE_SECONDS = 3;
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
  // Let start-up work (compilation, first GCs) settle before anything is measured.
  await sleep(1000);
  const idleBefore = await idleCpuPerSecond();
  const baselineScrape = await cpuPerScrape(() => empty.metrics());

  const ours = new Registry();
  const handle = collectDefaultMetrics({ register: ours });
  const ourIdle = await idleCpuPerSecond();
  const ourScrape = await cpuPerScrape(() => ours.metrics());
  handle.stop();
  // The lower of two baselines, so one noisy idle period does not hide the cost.
  const baselineIdle = Math.min(idleBefore, await idleCpuPerSecond());

  // prom-client's monitors cannot be stopped, so it is measured last.
  const theirs = new promClient.Registry();
  promClient.collectDefaultMetrics({ register: theirs });
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
      cells: { promkit: micros(ourIdle - baselineIdle), 'prom-client': micros(theirIdle - baselineIdle) },
    },
  ];
  return printTable(
    `collectDefaultMetrics cost (CPU time over an empty registry / an idle process; ${SCRAPES} scrapes, ${IDLE_SECONDS} s idle)`,
    ['promkit', 'prom-client'],
    rows,
  );
}

if (require.main === module) {
  runCollectorBench().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
