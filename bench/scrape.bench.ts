import { type Check, formatNs, longestEventLoopBlock, measureAsync, type Row } from './harness';
import { CODES, LIBRARIES, LIBRARY_NAMES, type Lib, METHODS, ratio } from './libraries';

/** How many times faster than prom-client a scrape must be. */
const SCRAPE_TARGET = 5;
/** The longest the event loop may stay blocked while a large registry is scraped (ms). */
const BLOCK_TARGET_MS = 20;

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

/** `total` labelled counter series spread over `families` counters. */
function wideRegistry(lib: Lib, total: number, families: number): Registry {
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
      c.inc({ tenant: `t${i % 100}`, route: `/r/${i}`, code: CODES[i & 3] }, i);
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

/** Heap bytes per labelled counter series (3 labels), before and after the registry's first scrape. */
async function heapPerSeries(lib: Lib, series: number): Promise<{ before: number; after: number }> {
  gc();
  const start = process.memoryUsage().heapUsed;
  const registry = wideRegistry(lib, series, 1);
  gc();
  const before = (process.memoryUsage().heapUsed - start) / series;
  if ((await scrapedLength(registry)) < series) throw new Error('scrape lost series');
  gc();
  const after = (process.memoryUsage().heapUsed - start) / series;
  // Keep the registry alive until measured.
  if (registry.getMetricsAsArray().length !== 1) throw new Error('registry lost its metric');
  return { before, after };
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

async function largeScrapeRows(total: number, families: number, label: string): Promise<Row[]> {
  const time: Record<string, number> = {};
  const block: Record<string, number> = {};
  for (const name of LIBRARY_NAMES) {
    let registry: Registry | undefined = wideRegistry(LIBRARIES[name], total, families);
    const scrape = () => (registry as Registry).metrics();
    time[name] = (await measureAsync(scrape, 5)).nsPerOp;
    block[name] = Math.max(await longestEventLoopBlock(scrape), await longestEventLoopBlock(scrape));
    registry = undefined;
    gc();
  }
  const blockCells: Record<string, string> = {};
  for (const name of LIBRARY_NAMES) blockCells[name] = ms(block[name]);
  return [
    scrapeRow(`metrics(): ${label}`, time),
    {
      operation: `longest event-loop block during that scrape`,
      cells: blockCells,
      checks: [
        {
          name: `metrics(): ${label}: longest event-loop block`,
          actual: block.promkit,
          target: BLOCK_TARGET_MS,
          format: ms,
        },
      ],
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
  for (const name of LIBRARY_NAMES) {
    const registry = serviceRegistry(LIBRARIES[name]);
    service[name] = (await measureAsync(() => registry.metrics(), 9)).nsPerOp;
  }
  rows.push(scrapeRow('metrics(): 10k counter series + 100 histograms', service));
  rows.push(...(await largeScrapeRows(100_000, 1, '100k series in one family')));
  rows.push(...(await largeScrapeRows(100_000, 100, '100k series in 100 families')));

  const heap: Record<string, { before: number; after: number }> = {};
  for (const name of LIBRARY_NAMES) heap[name] = await heapPerSeries(LIBRARIES[name], 100_000);
  for (const when of ['before', 'after'] as const) {
    const cells: Record<string, string> = {};
    for (const name of LIBRARY_NAMES) cells[name] = bytes(heap[name][when]);
    cells['promkit vs prom-client'] = ratio(heap['prom-client'][when], heap.promkit[when]);
    cells['promkit vs @prometheus-io/client'] = ratio(
      heap['@prometheus-io/client'][when],
      heap.promkit[when],
    );
    const operation =
      when === 'before' ? 'heap per labelled series (3 labels)' : 'heap per labelled series after one scrape';
    rows.push({
      operation,
      cells,
      checks: [
        {
          name: `${operation}: promkit <= prom-client`,
          actual: heap.promkit[when],
          target: heap['prom-client'][when],
          format: bytes,
        },
      ],
    });
  }
  return rows;
}
