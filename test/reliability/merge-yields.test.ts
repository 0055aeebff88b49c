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
 * Merging many series (the first scrape after workers grew a large family,
 * when every merged series is new) used to run in one synchronous stretch and
 * stall the aggregating process for seconds. It runs in slices now, as a
 * scrape's rendering does: the event loop turns throughout and no single
 * block is more than a small part of the merge.
 */
describe('merging the snapshots of workers with many series', () => {
  it('lets the event loop run while it merges, and adds every series exactly', async () => {
    const snapshots = await Promise.all(Array.from({ length: WORKERS }, (_, w) => workerSnapshot(w)));
    const collector = new AggregatedCollector('cluster', async () => ({
      sources: snapshots.map((snapshot) => ({ snapshot, live: true })),
      workers: { answered: WORKERS, late: 0, silent: 0, exited: 0 },
      rejected: [],
    }));
    for (const [scrape, first] of [
      ['first (every series new)', true],
      ['second (series kept)', false],
    ] as const) {
      const { result, turns, longest, ms } = await blocksDuring(() => collector.collect());
      // Relative to the merge's own duration, so that a slow or busy machine does not fail it:
      // before, the whole merge was one block, without a turn of the loop.
      const share = first ? 0.25 : 0.5;
      expect({ scrape, turns: turns >= 3, block: longest / ms < share }).toEqual({
        scrape,
        turns: true,
        block: true,
      });
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
    const { result, turns, longest, ms } = await blocksDuring(() => viewSnapshot({ collect: () => merged }));
    expect({ turns: turns >= 3, block: longest / ms < 0.5 }).toEqual({ turns: true, block: true });
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
