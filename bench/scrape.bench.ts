import { performance } from 'node:perf_hooks';
import { SLICE_MS } from '../lib/core/scrape/time-slice';
import { type Check, formatNs, longestEventLoopBlock, type Row } from './harness';
import { CODES, LIBRARIES, LIBRARY_NAMES, type Lib, METHODS, ratio } from './libraries';

/** How many times faster than prom-client a scrape must be. */
const SCRAPE_TARGET = 5;
/** The longest the event loop may stay blocked while a large registry is scraped (ms). */
const BLOCK_TARGET_MS = 20;
/** Heap per labelled series at most this share of prom-client's, before and after scrapes. */
const HEAP_SHARE_TARGET = 0.6;

type Registry = InstanceType<Lib['Registry']>;

/** 10k counter series and 100 small histograms: a busy service. */
function serviceRegistry(lib: Lib): Registry {
  const registry = new lib.Registry();
  const c = new lib.Counter({
    name: 'requests_total',
    help: 'r',
    labelNames: ['tenant', 'route'],
    registers: [registry],
    maxSeries: Number.POSITIVE_INFINITY,
  } as ConstructorParameters<Lib['Counter']>[0]);
  for (let i = 0; i < 10_000; i++) c.inc({ tenant: `tenant-${i % 500}`, route: `/route/${i}` });
  for (let j = 0; j < 100; j++) {
    const h = new lib.Histogram({
      name: `latency_${j}_seconds`,
      help: 'l',
      labelNames: ['method'],
      registers: [registry],
    });
    for (const m of METHODS) h.observe({ method: m }, j / 100);
  }
  return registry;
}

/** Series `i` of each family of `wideRegistry`: its labels and the value it is incremented by. */
export function wideSeries(i: number): {
  labels: { tenant: string; route: string; code: string };
  value: number;
} {
  return { labels: { tenant: `t${i % 100}`, route: `/r/${i}`, code: CODES[i & 3] }, value: i };
}

/** `total` labelled counter series spread over `families` counters. */
export function wideRegistry(lib: Lib, total: number, families: number): Registry {
  const registry = new lib.Registry();
  const perFamily = total / families;
  for (let f = 0; f < families; f++) {
    const c = new lib.Counter({
      name: `wide_${f}_total`,
      help: 'w',
      labelNames: ['tenant', 'route', 'code'],
      registers: [registry],
      maxSeries: Number.POSITIVE_INFINITY,
    } as ConstructorParameters<Lib['Counter']>[0]);
    for (let i = 0; i < perFamily; i++) {
      const { labels, value } = wideSeries(i);
      c.inc(labels, value);
    }
  }
  return registry;
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with node --expose-gc (npm run bench does)');
  collect();
}

/**
 * Scrapes in a frame of its own: a string awaited in the measuring function
 * stays reachable from its stack slot, and the whole text would be counted
 * as memory the series keep.
 */
async function scrapedLength(registry: Registry): Promise<number> {
  const length = (await registry.metrics()).length;
  await new Promise((resolve) => setImmediate(resolve));
  return length;
}

interface SeriesMemory {
  before: number;
  after: number;
  /** After a second scrape, which keeps each family's label bytes for the scrapes after it. */
  kept: number;
  /** Memory outside the heap (buffers) per series after that second scrape. */
  keptOutside: number;
}

/** Heap bytes per labelled counter series (3 labels), before and after the registry's first and second scrapes. */
async function heapPerSeries(lib: Lib, series: number): Promise<SeriesMemory> {
  gc();
  const start = process.memoryUsage();
  const registry = wideRegistry(lib, series, 1);
  gc();
  const before = (process.memoryUsage().heapUsed - start.heapUsed) / series;
  if ((await scrapedLength(registry)) < series) throw new Error('scrape lost series');
  gc();
  const after = (process.memoryUsage().heapUsed - start.heapUsed) / series;
  if ((await scrapedLength(registry)) < series) throw new Error('scrape lost series');
  gc();
  const now = process.memoryUsage();
  const kept = (now.heapUsed - start.heapUsed) / series;
  const keptOutside = (now.arrayBuffers - start.arrayBuffers) / series;
  // Keep the registry alive until measured.
  if (registry.getMetricsAsArray().length !== 1) throw new Error('registry lost its metric');
  return { before, after, kept, keptOutside };
}

const times = (value: number) => `${value.toFixed(1)}×`;
const bytes = (value: number) => `${value.toFixed(0)} B`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

function scrapeRow(operation: string, results: Record<string, number>): Row {
  const cells: Record<string, string> = {};
  for (const name of LIBRARY_NAMES) cells[name] = formatNs(results[name]);
  cells['promkit vs prom-client'] = ratio(results['prom-client'], results.promkit);
  cells['promkit vs @prometheus-io/client'] = ratio(results['@prometheus-io/client'], results.promkit);
  const checks: Check[] = [
    {
      name: `${operation}: promkit vs prom-client`,
      actual: results['prom-client'] / results.promkit,
      target: SCRAPE_TARGET,
      atLeast: true,
      format: times,
    },
  ];
  return { operation, cells, checks };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

interface ScrapeMeasurement {
  /** Median CPU time per scrape (ns): unlike wall time, not charged for other processes on the machine. */
  cpuNs: number;
  /** Median and worst over the scrapes of the longest time the event loop could not run (ms). */
  blockMs: number;
  worstBlockMs: number;
  /** Median over the scrapes of the longest block of `slicedWork` for as long as the scrape took (ms). */
  floorBlockMs: number;
}

/**
 * The floor of the block measurement: plain work in slices of `SLICE_MS`,
 * yielding after each, for `durationMs`. A scrape that yielded as often could
 * show no shorter block; on a busy machine, where the process waits for a
 * core, this alone can take longer than the target.
 */
export async function slicedWork(durationMs: number): Promise<void> {
  const end = performance.now() + durationMs;
  while (performance.now() < end) {
    const sliceEnd = performance.now() + SLICE_MS;
    while (performance.now() < sliceEnd) {}
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * `rounds` scrapes of each library's registry, the libraries taking turns
 * round by round: a library measured in a phase of its own would inherit
 * whatever heap the one before left behind. Each scrape is timed and watched
 * for event-loop blocks.
 */
async function measureScrapesInTurn(
  registries: Record<string, Registry>,
  rounds: number,
): Promise<Record<string, ScrapeMeasurement>> {
  const names = Object.keys(registries);
  const runs: Record<string, { cpu: number[]; blocks: number[]; floors: number[] }> = {};
  for (const name of names) {
    await registries[name].metrics();
    runs[name] = { cpu: [], blocks: [], floors: [] };
  }
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const start = process.cpuUsage();
      const wallStart = performance.now();
      runs[name].blocks.push(await longestEventLoopBlock(() => registries[name].metrics()));
      const wall = performance.now() - wallStart;
      const { user, system } = process.cpuUsage(start);
      runs[name].cpu.push((user + system) * 1000);
      runs[name].floors.push(await longestEventLoopBlock(() => slicedWork(wall)));
    }
  }
  const measured: Record<string, ScrapeMeasurement> = {};
  for (const name of names) {
    const { cpu, blocks, floors } = runs[name];
    measured[name] = {
      cpuNs: median(cpu),
      blockMs: median(blocks),
      worstBlockMs: Math.max(...blocks),
      floorBlockMs: median(floors),
    };
  }
  return measured;
}

function registriesOf(build: (lib: Lib) => Registry): Record<string, Registry> {
  const registries: Record<string, Registry> = {};
  for (const name of LIBRARY_NAMES) registries[name] = build(LIBRARIES[name]);
  return registries;
}

async function largeScrapeRows(total: number, families: number, label: string): Promise<Row[]> {
  const block = await measureScrapesInTurn(
    registriesOf((lib) => wideRegistry(lib, total, families)),
    7,
  );
  gc();
  const time: Record<string, number> = {};
  const blockCells: Record<string, string> = {};
  const floorCells: Record<string, string> = {};
  for (const name of LIBRARY_NAMES) {
    time[name] = block[name].cpuNs;
    blockCells[name] = `${ms(block[name].blockMs)} (worst ${ms(block[name].worstBlockMs)})`;
    floorCells[name] = ms(block[name].floorBlockMs);
  }
  return [
    scrapeRow(`metrics(): ${label}`, time),
    {
      operation: 'longest event-loop block during that scrape: median (worst) of 7',
      cells: blockCells,
      checks: [
        {
          name: `metrics(): ${label}: longest event-loop block (median of 7 scrapes)`,
          actual: block.promkit.blockMs,
          target: BLOCK_TARGET_MS,
          format: ms,
        },
      ],
    },
    {
      operation: `floor: the longest block of plain work yielding every ${SLICE_MS} ms, as long as each scrape`,
      cells: floorCells,
    },
  ];
}

export const SCRAPE_COLUMNS = [
  ...LIBRARY_NAMES,
  'promkit vs prom-client',
  'promkit vs @prometheus-io/client',
];

/** Scrape times, the event loop during large scrapes, and memory per series. */
export async function runScrapeBench(): Promise<Row[]> {
  const rows: Row[] = [];
  const service: Record<string, number> = {};
  const serviceScrapes = await measureScrapesInTurn(registriesOf(serviceRegistry), 15);
  for (const name of LIBRARY_NAMES) service[name] = serviceScrapes[name].cpuNs;
  rows.push(scrapeRow('metrics(): 10k counter series + 100 histograms', service));
  rows.push(...(await largeScrapeRows(100_000, 1, '100k series in one family')));
  rows.push(...(await largeScrapeRows(100_000, 100, '100k series in 100 families')));

  // The median of three builds: a collection may still free garbage left by the sections before.
  const heap: Record<string, SeriesMemory> = {};
  for (const name of LIBRARY_NAMES) {
    const runs: SeriesMemory[] = [];
    for (let r = 0; r < 3; r++) runs.push(await heapPerSeries(LIBRARIES[name], 100_000));
    heap[name] = {
      before: median(runs.map((m) => m.before)),
      after: median(runs.map((m) => m.after)),
      kept: median(runs.map((m) => m.kept)),
      keptOutside: median(runs.map((m) => m.keptOutside)),
    };
  }
  const OPERATIONS: Record<keyof SeriesMemory, string> = {
    before: 'heap per labelled series (3 labels)',
    after: 'heap per labelled series after one scrape',
    kept: 'heap per labelled series after two scrapes',
    keptOutside: 'memory outside the heap per series after two scrapes',
  };
  for (const when of ['before', 'after', 'kept', 'keptOutside'] as const) {
    const cells: Record<string, string> = {};
    for (const name of LIBRARY_NAMES) cells[name] = bytes(heap[name][when]);
    cells['promkit vs prom-client'] = ratio(heap['prom-client'][when], heap.promkit[when]);
    cells['promkit vs @prometheus-io/client'] = ratio(
      heap['@prometheus-io/client'][when],
      heap.promkit[when],
    );
    const operation = OPERATIONS[when];
    rows.push({
      operation,
      cells,
      // Outside the heap, the other libraries keep nothing: that row is told, not held to theirs.
      checks:
        when === 'keptOutside'
          ? undefined
          : [
              {
                name: `${operation}: promkit / prom-client`,
                actual: heap.promkit[when] / heap['prom-client'][when],
                target: HEAP_SHARE_TARGET,
                format: (share) => `${share.toFixed(2)}×`,
              },
            ],
    });
  }
  return rows;
}
