import { Counter, Registry } from '../lib';
import {
  AggregatedCollector,
  type ProcessSnapshot,
  SnapshotTaker,
  validateSnapshot,
} from '../lib/multiprocess';
import { longestEventLoopBlock } from './harness';

/**
 * The most CPU time the process spent between two turns of the event loop
 * while `work` ran: on a machine shared with other heavy work, a wall-clock
 * block also counts the time the process waited for a core. It includes
 * V8's helper threads (concurrent GC), so it errs on the high side.
 */
async function longestCpuBlock(work: () => Promise<unknown>): Promise<number> {
  let last = process.cpuUsage();
  let longest = 0;
  let watching = true;
  const tick = () => {
    const { user, system } = process.cpuUsage(last);
    longest = Math.max(longest, (user + system) / 1000);
    last = process.cpuUsage();
    if (watching) setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  watching = false;
  const { user, system } = process.cpuUsage(last);
  return Math.max(longest, (user + system) / 1000);
}

/**
 * How long the aggregating process's event loop is blocked while it merges
 * the snapshots of many workers: WORKERS snapshots of SERIES counter series
 * each (the same label sets in every worker, as processes of one app have),
 * received as the primary receives them (through JSON, validated), merged
 * and written by a scrape of the aggregated registry. Prints the scrape's
 * time and longest block, the first scrape (every merged series new) and
 * the next ones (series kept from scrape to scrape), and the longest block
 * of receiving one snapshot. Target: no block over 20 ms.
 *
 *   node --expose-gc -r ts-node/register/transpile-only bench/merge-block.ts [workers] [series]
 */

const WORKERS = Number(process.argv[2] ?? 8);
const SERIES = Number(process.argv[3] ?? 100_000);

async function workerSnapshot(worker: number): Promise<string> {
  const registry = new Registry();
  const jobs = new Counter({
    name: 'jobs_total',
    help: 'Jobs by id.',
    labelNames: ['id', 'shard'] as const,
    registers: [registry],
    maxSeries: Number.POSITIVE_INFINITY,
  });
  for (let i = 0; i < SERIES; i++) jobs.inc({ id: `job-${i}`, shard: String(i % 16) }, worker + 1);
  const taker = new SnapshotTaker(
    { worker: String(worker + 1), pid: 1000 + worker, startedAt: Date.now() },
    () => [registry],
  );
  return JSON.stringify(await taker.take());
}

async function main(): Promise<void> {
  const wire: string[] = [];
  for (let w = 0; w < WORKERS; w++) wire.push(await workerSnapshot(w));
  let parseMs = 0;
  let validateCpu = 0;
  const snapshots: ProcessSnapshot[] = [];
  for (const text of wire) {
    // What the primary does with a message: Node's IPC channel parses it, then promkit validates it.
    const started = process.cpuUsage();
    const parsed = JSON.parse(text);
    const parsing = process.cpuUsage(started);
    parseMs = Math.max(parseMs, (parsing.user + parsing.system) / 1000);
    const cpu = process.cpuUsage();
    snapshots.push(validateSnapshot(parsed));
    const { user, system } = process.cpuUsage(cpu);
    validateCpu = Math.max(validateCpu, (user + system) / 1000);
  }
  wire.length = 0;
  const view = new Registry();
  view.registerCollector(
    new AggregatedCollector('cluster', async () => ({
      sources: snapshots.map((snapshot) => ({ snapshot, live: true })),
      workers: { answered: snapshots.length, late: 0, silent: 0, exited: 0 },
      rejected: [],
    })),
  );
  const expected = (WORKERS * (WORKERS + 1)) / 2;
  const rows: string[] = [];
  for (let round = 0; round < 4; round++) {
    (globalThis as { gc?: () => void }).gc?.();
    let ms = 0;
    let text = '';
    let cpuBlock = 0;
    let cpuMs = 0;
    const block = await longestEventLoopBlock(async () => {
      cpuBlock = await longestCpuBlock(async () => {
        const started = performance.now();
        const cpu = process.cpuUsage();
        text = await view.metrics();
        ms = performance.now() - started;
        const used = process.cpuUsage(cpu);
        cpuMs = (used.user + used.system) / 1000;
      });
    });
    const probe = text.match(/^jobs_total\{id="job-7",shard="7"\} (\S+)$/m)?.[1];
    if (Number(probe) !== expected) throw new Error(`merged value ${probe}, expected ${expected}`);
    rows.push(
      `${round === 0 ? 'first scrape (series new)' : `scrape ${round + 1} (series kept)`}: ${ms.toFixed(0)} ms (${cpuMs.toFixed(0)} ms of CPU), longest block ${block.toFixed(1)} ms (${cpuBlock.toFixed(1)} ms of CPU)`,
    );
  }
  console.log(`${WORKERS} workers x ${SERIES} series, Node ${process.version}`);
  console.log(
    `receiving one snapshot: JSON.parse (Node's IPC channel) ${parseMs.toFixed(1)} ms of CPU, validating it ${validateCpu.toFixed(1)} ms of CPU`,
  );
  for (const row of rows) console.log(row);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
