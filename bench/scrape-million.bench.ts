import { performance } from 'node:perf_hooks';
import { SLICE_MS } from '../lib/core/scrape/time-slice';
import { longestEventLoopBlock, type Row, type Table } from './harness';
import { LIBRARIES } from './libraries';
import { slicedWork, wideRegistry } from './scrape.bench';

/**
 * One `metrics()` of a million labelled counter series (in one family) in
 * this process: the longest the event loop waits meanwhile, and how much
 * memory the scrape takes on top of what the registry holds, against the
 * size of the body it produces. The first scrape writes from the labels,
 * the second also keeps their bytes for the scrapes after it; from the third
 * on, a scrape writes from kept bytes.
 * Targets (every scrape, the first two included): longest block <= 20 ms;
 * peak extra memory <= 2× the body.
 */

const SERIES = 1_000_000;
const FAMILIES = 1;
const BLOCK_TARGET_MS = 20;
const MEMORY_TARGET = 2;
const SCRAPES = 7;

type Registry = InstanceType<(typeof LIBRARIES)['promkit']['Registry']>;

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with node --expose-gc (npm run bench does)');
  collect();
}

/** Heap and memory outside it (buffers, external strings): what a scrape can add to. */
function memoryInUse(): number {
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

interface Watched {
  blockMs: number;
  /**
   * The most CPU time the process spent between two turns of the event loop
   * (ms): what the longest block would be on an idle machine, give or take
   * the collector's threads.
   */
  blockCpuMs: number;
  /** The most memory in use above the start, sampled at each turn of the event loop and at the end (bytes). */
  extraBytes: number;
  bodyBytes: number;
  wallMs: number;
  /** The longest block of plain work yielding every SLICE_MS for as long as the scrape took (ms). */
  floorBlockMs: number;
}

/**
 * A scrape watched from the event loop: at each turn it gets (every
 * immediate), the time since the last turn and the memory in use. The body
 * is still held at the last sample, so it counts as extra memory.
 */
async function watchedScrape(registry: Registry): Promise<Watched> {
  // The previous body's external strings are released by callbacks after a collection: a second one counts them out.
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  const base = memoryInUse();
  let peak = base;
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let longest = 0;
  let longestCpu = 0;
  let watching = true;
  const tick = () => {
    const now = performance.now();
    const { user, system } = process.cpuUsage(lastCpu);
    longest = Math.max(longest, now - last);
    longestCpu = Math.max(longestCpu, (user + system) / 1000);
    last = now;
    lastCpu = process.cpuUsage();
    peak = Math.max(peak, memoryInUse());
    if (watching) setImmediate(tick);
  };
  setImmediate(tick);
  const started = performance.now();
  const body = await registry.metrics();
  const wallMs = performance.now() - started;
  watching = false;
  longest = Math.max(longest, performance.now() - last);
  peak = Math.max(peak, memoryInUse());
  // The body is ASCII: one byte a character. (Counting UTF-8 bytes would copy it into one string.)
  const bodyBytes = body.length;
  const floorBlockMs = await longestEventLoopBlock(() => slicedWork(wallMs));
  return {
    blockMs: longest,
    blockCpuMs: longestCpu,
    extraBytes: peak - base,
    bodyBytes,
    wallMs,
    floorBlockMs,
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const mb = (value: number) => `${(value / 1e6).toFixed(1)} MB`;
const times = (value: number) => `${value.toFixed(2)}×`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

function row(operation: string, scraped: string, runs: Watched[]): Row {
  const block = median(runs.map((r) => r.blockMs));
  const worst = Math.max(...runs.map((r) => r.blockMs));
  const memory = median(runs.map((r) => r.extraBytes / r.bodyBytes));
  return {
    operation,
    cells: {
      'wall time': ms(median(runs.map((r) => r.wallMs))),
      body: mb(runs[0].bodyBytes),
      'longest event-loop block': `${ms(block)} (worst ${ms(worst)})`,
      'longest block, CPU time': ms(median(runs.map((r) => r.blockCpuMs))),
      'floor: plain work yielding as often': ms(median(runs.map((r) => r.floorBlockMs))),
      'peak extra memory': mb(median(runs.map((r) => r.extraBytes))),
      'peak extra / body': times(memory),
    },
    checks: [
      {
        name: `metrics(): 1M series: longest event-loop block (${scraped})`,
        actual: block,
        target: BLOCK_TARGET_MS,
        format: ms,
      },
      {
        name: `metrics(): 1M series: peak extra memory / body (${scraped})`,
        actual: memory,
        target: MEMORY_TARGET,
        format: times,
      },
    ],
  };
}

/** The 1M-series table. */
export async function runScrapeMillionBench(): Promise<Table> {
  const registry = wideRegistry(LIBRARIES.promkit, SERIES, FAMILIES);
  const first = await watchedScrape(registry);
  const second = await watchedScrape(registry);
  const kept: Watched[] = [];
  for (let i = 0; i < SCRAPES; i++) kept.push(await watchedScrape(registry));
  // Keep the registry alive until measured.
  if (registry.getMetricsAsArray().length !== FAMILIES) throw new Error('registry lost its metric');
  return {
    title: `One scrape of 1M labelled counter series in one family, promkit in process (the scrape yields every ${SLICE_MS} ms)`,
    columns: [
      'wall time',
      'body',
      'longest event-loop block',
      'longest block, CPU time',
      'floor: plain work yielding as often',
      'peak extra memory',
      'peak extra / body',
    ],
    rows: [
      row('first scrape (from the labels)', 'first scrape', [first]),
      row('second scrape (keeps the label bytes)', 'second scrape', [second]),
      row(`scrapes from kept label bytes (median of ${SCRAPES})`, `median of ${SCRAPES} scrapes`, kept),
    ],
  };
}
