import { AggregatedCollector, type MergeSource, SnapshotTaker } from 'promkit/multiprocess';
import { Counter, Histogram, Registry, Summary } from '../lib';

/**
 * What the aggregating process (cluster primary, main thread) spends building
 * the merged view of its own metrics: 10,000 counter, 1,000 histogram and 100
 * summary series, with no member. Side by side, alternating round by round:
 * - snapshot: its families encoded into a snapshot (`SnapshotTaker.take()`),
 *   then merged as a member's would be, as the hub did before;
 * - families: its families merged as they are (`SnapshotTaker.families()`),
 *   as the hub does now.
 * Prints the median CPU time to build the view (gathering and merge, as
 * `AggregatedCollector.collect()` runs them) over ROUNDS rounds after a few
 * to warm up, and the first build of each (every merged series new).
 *
 *   node --expose-gc -r ts-node/register/transpile-only bench/own-merge.ts [rounds] [snapshot|families]
 */

const ROUNDS = Number(process.argv[2] ?? 30);
/** One way only (`snapshot` or `families`): the other's garbage then cannot land in its turn. */
const ONLY = process.argv[3];
const WARMUP = 5;

function primaryRegistry(): Registry {
  const registry = new Registry();
  const registers = [registry];
  const jobs = new Counter({
    name: 'jobs_total',
    help: 'Jobs.',
    labelNames: ['id', 'shard'] as const,
    registers,
    maxSeries: Number.POSITIVE_INFINITY,
  });
  const latency = new Histogram({
    name: 'latency_seconds',
    help: 'Latency.',
    labelNames: ['route'] as const,
    registers,
    maxSeries: Number.POSITIVE_INFINITY,
  });
  const sizes = new Summary({
    name: 'sizes_bytes',
    help: 'Sizes.',
    labelNames: ['kind'] as const,
    registers,
    maxSeries: Number.POSITIVE_INFINITY,
  });
  for (let i = 0; i < 10_000; i++) jobs.inc({ id: `job-${i}`, shard: String(i % 16) }, i);
  for (let i = 0; i < 1_000; i++) latency.observe({ route: `/r/${i}` }, (i % 50) / 100);
  for (let i = 0; i < 100; i++) for (let k = 0; k < 20; k++) sizes.observe({ kind: `k${i}` }, k * 10 + i);
  return registry;
}

type Way = 'snapshot' | 'families';

function view(way: Way, taker: SnapshotTaker): AggregatedCollector {
  const own = async (): Promise<MergeSource> =>
    way === 'snapshot'
      ? { snapshot: await taker.take(), live: true }
      : { families: await taker.families(), live: true };
  return new AggregatedCollector('cluster', async () => ({
    sources: [await own()],
    workers: { answered: 0, late: 0, silent: 0, exited: 0 },
    rejected: [],
  }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** CPU time, not wall time: on a shared machine a run is often descheduled, which wall time would count. */
async function timed(collector: AggregatedCollector): Promise<number> {
  const started = process.cpuUsage();
  const families = await collector.collect();
  const { user, system } = process.cpuUsage(started);
  if (families.length < 5) throw new Error(`merged view has ${families.length} families`);
  return (user + system) / 1000;
}

async function main(): Promise<void> {
  const registry = primaryRegistry();
  const identity = { worker: 'primary', pid: process.pid, startedAt: Date.now() };
  const ways = (['snapshot', 'families'] as const).filter((way) => ONLY === undefined || way === ONLY);
  const collectors = ways.map((way) => view(way, new SnapshotTaker(identity, () => [registry])));
  const first = await Promise.all(collectors.map((c) => timed(c)));
  const samples: number[][] = ways.map(() => []);
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    for (let w = 0; w < ways.length; w++) {
      (globalThis as { gc?: () => void }).gc?.();
      const ms = await timed(collectors[w]);
      if (round >= WARMUP) samples[w].push(ms);
    }
  }
  const collecting: number[] = [];
  for (let i = 0; i < 9; i++) {
    const started = process.cpuUsage();
    await registry.collect();
    const { user, system } = process.cpuUsage(started);
    collecting.push((user + system) / 1000);
  }
  const collectMs = median(collecting);
  console.log(`own metrics: 10000 counter + 1000 histogram + 100 summary series, Node ${process.version}`);
  console.log(`collecting the families alone: ${collectMs.toFixed(2)} ms of CPU`);
  ways.forEach((way, w) => {
    console.log(
      `${way.padEnd(8)}: merged view built in ${median(samples[w]).toFixed(1)} ms of CPU (median of ${ROUNDS}), first build ${first[w].toFixed(1)} ms`,
    );
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
