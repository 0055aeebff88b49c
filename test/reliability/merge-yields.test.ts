import { Counter, Registry } from 'promkit';
import type { MetricFamily } from 'promkit/exposition';
import {
  AggregatedCollector,
  type ProcessSnapshot,
  SnapshotTaker,
  validateSnapshot,
} from 'promkit/multiprocess';
import { viewSnapshot } from '../../lib/multiprocess/hub/view-snapshot';
import { familiesOfMergedView } from '../../lib/multiprocess/merge/merge-snapshots';

const WORKERS = 2;
const SERIES = 50_000;

/** Worker `w`'s snapshot as the primary receives it: series `job-i` counts i + w. */
async function workerSnapshot(w: number): Promise<ProcessSnapshot> {
  const registry = new Registry();
  const jobs = new Counter({
    name: 'jobs_total',
    help: 'Jobs by id.',
    labelNames: ['id'] as const,
    registers: [registry],
    maxSeries: Number.POSITIVE_INFINITY,
  });
  for (let i = 0; i < SERIES; i++) jobs.inc({ id: `job-${i}` }, i + w);
  const taker = new SnapshotTaker({ worker: String(w + 1), pid: 1000 + w, startedAt: 0 }, () => [registry]);
  return validateSnapshot(JSON.parse(JSON.stringify(await taker.take())));
}

/** The longest gap between event-loop turns while `work` runs, the turns, and how long it took. */
async function blocksDuring<T>(work: () => Promise<T>) {
  let turns = 0;
  let longest = 0;
  let last = performance.now();
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  running = false;
  return { result, turns, longest: Math.max(longest, performance.now() - last), ms };
}

/**
 * Runs `measure` until one run keeps its longest block under `share` of its
 * duration, at most 3 times: a garbage collection or the OS taking the CPU
 * from a loaded machine can make one block long once, while code that does
 * not yield is one long block every time.
 */
async function leastBlocking<T>(
  share: number,
  measure: () => Promise<{ result: T; turns: number; longest: number; ms: number }>,
) {
  let run = await measure();
  for (let attempt = 1; attempt < 3 && run.longest / run.ms >= share; attempt++) run = await measure();
  return { result: run.result, turns: run.turns >= 3, block: run.longest / run.ms < share };
}

/**
 * Merging many series (the first scrape after workers grew a large family,
 * when every merged series is new) used to run in one synchronous stretch and
 * stall the aggregating process for seconds. It runs in slices now, as a
 * scrape's rendering does: the event loop turns throughout and no single
 * block is more than a small part of the merge.
 */
describe('merging the snapshots of workers with many series', () => {
  it('lets the event loop run while it merges, and adds every series exactly', async () => {
    const snapshots = await Promise.all(Array.from({ length: WORKERS }, (_, w) => workerSnapshot(w)));
    const newCollector = () =>
      new AggregatedCollector('cluster', async () => ({
        sources: snapshots.map((snapshot) => ({ snapshot, live: true })),
        workers: { answered: WORKERS, late: 0, silent: 0, exited: 0 },
        rejected: [],
      }));
    for (const [scrape, first] of [
      ['first (every series new)', true],
      ['second (series kept)', false],
    ] as const) {
      // Relative to the merge's own duration, so that a slow or busy machine does not fail it:
      // before, the whole merge was one block, without a turn of the loop.
      const { result, turns, block } = await leastBlocking(first ? 0.25 : 0.5, async () => {
        const collector = newCollector();
        if (!first) await collector.collect();
        return blocksDuring(() => collector.collect());
      });
      expect({ scrape, turns, block }).toEqual({ scrape, turns: true, block: true });
      const jobs = result.find((f) => f.name === 'jobs');
      if (jobs?.type !== 'counter') throw new Error('no merged jobs counter');
      expect(jobs.points).toHaveLength(SERIES);
      const wrong = jobs.points.filter((p, i) => p.labelValues[0] !== `job-${i}` || p.value !== 2 * i + 1);
      expect(wrong).toEqual([]);
    }
  });

  it('encodes the merged view for a worker in slices, and the worker reads it back exactly', async () => {
    const snapshots = await Promise.all(Array.from({ length: WORKERS }, (_, w) => workerSnapshot(w)));
    const collector = new AggregatedCollector('cluster', async () => ({
      sources: snapshots.map((snapshot) => ({ snapshot, live: true })),
      workers: { answered: WORKERS, late: 0, silent: 0, exited: 0 },
      rejected: [],
    }));
    const merged = await collector.collect();
    // Only the encoding is measured: the merge has its own test above.
    const { result, turns, block } = await leastBlocking(0.5, () =>
      blocksDuring(() => viewSnapshot({ collect: () => merged })),
    );
    expect({ turns, block }).toEqual({ turns: true, block: true });
    const read: MetricFamily[] = await familiesOfMergedView(
      validateSnapshot(JSON.parse(JSON.stringify(result))),
    );
    const jobs = read.find((f) => f.name === 'jobs');
    if (jobs?.type !== 'counter') throw new Error('no jobs counter in the view');
    expect(jobs.points).toHaveLength(SERIES);
    const wrong = jobs.points.filter((p, i) => p.labelValues[0] !== `job-${i}` || p.value !== 2 * i + 1);
    expect(wrong).toEqual([]);
  });
});
