import type { Registry } from '../lib';
import { writerFor } from '../lib/exposition/writers';
import { formatNs, longestEventLoopBlock, printTable, type Row } from './harness';
import { promClientLoadRegistry, promkitLoadRegistry } from './load-registries';

/**
 * One `metrics()` of a large family in this process: how long it takes and
 * the longest the event loop waits meanwhile, for promkit, for promkit
 * with the same writer in the same steps but in one synchronous stretch (what
 * a scrape did before it yielded inside a family), and for prom-client.
 * Targets: longest block <= 20 ms; yielding costs at most 10 % of the scrape.
 */

const STEP = 256;

/** A text scrape the way `metrics()` writes it, without ever yielding. */
async function scrapeWithoutYielding(registry: Registry): Promise<string> {
  const writer = writerFor('text').open();
  for (const family of await registry.collect()) {
    const copy = { ...family, points: family.points.slice() } as typeof family;
    for (let from = 0; from < copy.points.length || from === 0; from += STEP)
      writer.write(copy, from, Math.min(copy.points.length, from + STEP));
  }
  return writer.end();
}

const SCRAPES = ['promkit', 'promkit, without yielding', 'prom-client'] as const;
type Scrape = (typeof SCRAPES)[number];

interface Run {
  ms: number;
  /** CPU time of the process meanwhile: steadier than wall time on a busy machine. */
  cpuMs: number;
  blockMs: number;
}

async function timed(scrape: () => Promise<unknown>): Promise<Run> {
  let ms = 0;
  let cpuMs = 0;
  const blockMs = await longestEventLoopBlock(async () => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    await scrape();
    const { user, system } = process.cpuUsage(cpu);
    ms = performance.now() - started;
    cpuMs = (user + system) / 1000;
  });
  return { ms, cpuMs, blockMs };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

export async function scrapeBlockBench(series = 100_000, runs = 9): Promise<string> {
  const ours = promkitLoadRegistry(series);
  const theirs = promClientLoadRegistry(series);
  const scrapes: Record<Scrape, () => Promise<unknown>> = {
    promkit: () => ours.metrics(),
    'promkit, without yielding': () => scrapeWithoutYielding(ours),
    'prom-client': () => theirs.metrics(),
  };
  const results = Object.fromEntries(SCRAPES.map((s) => [s, [] as Run[]])) as Record<Scrape, Run[]>;
  for (let r = 0; r <= runs; r++) {
    // Rotating order so none always runs on the previous one's garbage; the first round warms up.
    for (let k = 0; k < SCRAPES.length; k++) {
      const name = SCRAPES[(r + k) % SCRAPES.length];
      const run = await timed(scrapes[name]);
      if (r > 0) results[name].push(run);
    }
  }
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  const row = (operation: string, of: (runs: Run[]) => number): Row => {
    const v = Object.fromEntries(SCRAPES.map((s) => [s, of(results[s])])) as Record<Scrape, number>;
    return {
      operation,
      cells: {
        promkit: formatNs(v.promkit * 1e6),
        'promkit, without yielding': formatNs(v['promkit, without yielding'] * 1e6),
        'prom-client': formatNs(v['prom-client'] * 1e6),
        'promkit / without yielding': ratio(v.promkit, v['promkit, without yielding']),
        'prom-client / promkit': ratio(v['prom-client'], v.promkit),
      },
    };
  };
  // Per-run ratios of CPU time: the two promkit scrapes of a round ran back to back.
  const overhead = median(
    results.promkit.map((run, i) => run.cpuMs / results['promkit, without yielding'][i].cpuMs),
  );
  const table = printTable(
    `One scrape of ${series.toLocaleString('en')} counter series in one family, in process (median of ${runs} runs)`,
    [...SCRAPES, 'promkit / without yielding', 'prom-client / promkit'],
    [
      row('metrics(), wall time', (rs) => median(rs.map((x) => x.ms))),
      row('metrics(), CPU time', (rs) => median(rs.map((x) => x.cpuMs))),
      row('longest event-loop block, median run', (rs) => median(rs.map((x) => x.blockMs))),
      row('longest event-loop block, worst run', (rs) => Math.max(...rs.map((x) => x.blockMs))),
    ],
  );
  console.log(
    `yielding costs ${((overhead - 1) * 100).toFixed(1)} % of the scrape's CPU time (median of per-run ratios; target <= 10 %)\n`,
  );
  return table;
}
