import { formatNs, measureSideBySideAsync, type Row, type Table } from './harness';
import { LIBRARIES } from './libraries';
import { wideRegistry, wideSeries } from './scrape.bench';

/**
 * promkit's scrape against its floor: the same exposition bytes from series
 * prefixes (name and label text of each series) built once, outside the
 * timed loop, joined with each value formatted at scrape time. What is left
 * between the two is what promkit's scrape does beyond writing the bytes:
 * collecting the families, escaping, choosing the dialect, yielding.
 * Targets: a scrape at most 2× its floor, and at least 8× faster than prom-client.
 */

/** The most a scrape may cost as a multiple of its floor. */
const FLOOR_TARGET = 2;
/** How many times faster than prom-client a scrape must be. */
const PROM_CLIENT_TARGET = 8;

type Format = 'text' | 'openmetrics';

const FORMATS: ReadonlyArray<{ format: Format; label: string }> = [
  { format: 'text', label: 'text 0.0.4' },
  { format: 'openmetrics', label: 'OpenMetrics' },
];

/** One family as the floor writes it: its header and, per series, the text before the value. */
interface FloorFamily {
  header: string;
  prefixes: string[];
  values: Float64Array;
}

/** The families of `wideRegistry(lib, total, families)`, prefixes built once. */
function floorFamilies(total: number, families: number, format: Format): FloorFamily[] {
  const perFamily = total / families;
  const out: FloorFamily[] = [];
  for (let f = 0; f < families; f++) {
    const sample = `wide_${f}_total`;
    // OpenMetrics names a counter's family without `_total`; text 0.0.4 as it was given.
    const family = format === 'openmetrics' ? `wide_${f}` : sample;
    const prefixes: string[] = [];
    const values = new Float64Array(perFamily);
    for (let i = 0; i < perFamily; i++) {
      const { labels, value } = wideSeries(i);
      prefixes.push(`${sample}{tenant="${labels.tenant}",route="${labels.route}",code="${labels.code}"} `);
      values[i] = value;
    }
    out.push({ header: `# HELP ${family} w\n# TYPE ${family} counter\n`, prefixes, values });
  }
  return out;
}

/** The exposition of `families`: the least a scrape of them can do. */
function floorScrape(families: readonly FloorFamily[], format: Format): string {
  // Text 0.0.4 separates families with a blank line; OpenMetrics ends with `# EOF`.
  const separator = format === 'text' ? '\n' : '';
  let out = '';
  for (let f = 0; f < families.length; f++) {
    const { header, prefixes, values } = families[f];
    if (f > 0) out += separator;
    out += header;
    for (let i = 0; i < prefixes.length; i++) out += prefixes[i] + String(values[i]) + '\n';
  }
  return flat(format === 'openmetrics' ? `${out}# EOF\n` : out);
}

/**
 * The text as one string of characters. Joined with `+=`, it is a tree of a
 * few hundred thousand pieces, which V8 copies into one string only when
 * something reads it: a response writing it, or here. promkit's scrape returns
 * its text already copied (into strings of at most a megabyte), so the floor
 * pays for the copy too: reading one character makes V8 flatten the tree.
 */
function flat(text: string): string {
  if (text.length > 0 && text.charCodeAt(text.length >> 1) === -1) throw new Error('unreachable');
  return text;
}

const times = (value: number) => `${value.toFixed(2)}×`;

async function floorRows(total: number, families: number, size: string, scrapes: number): Promise<Row[]> {
  const ours = wideRegistry(LIBRARIES.promkit, total, families);
  const theirs = wideRegistry(LIBRARIES['prom-client'], total, families);
  const rows: Row[] = [];
  for (const { format, label } of FORMATS) {
    const floor = floorFamilies(total, families, format);
    const expected = await ours.metrics({ format });
    // An honest floor writes exactly what promkit writes.
    if (floorScrape(floor, format) !== expected) {
      throw new Error(`scrape floor (${size}, ${label}) differs from promkit's exposition`);
    }
    theirs.setContentType(
      (format === 'openmetrics'
        ? LIBRARIES['prom-client'].Registry.OPENMETRICS_CONTENT_TYPE
        : LIBRARIES['prom-client'].Registry.PROMETHEUS_CONTENT_TYPE) as never,
    );
    const side = await measureSideBySideAsync(
      {
        floor: async (n) => {
          for (let i = 0; i < n; i++) if (floorScrape(floor, format).length === 0) throw new Error('empty');
        },
        promkit: async (n) => {
          for (let i = 0; i < n; i++) await ours.metrics({ format });
        },
        'prom-client': async (n) => {
          for (let i = 0; i < n; i++) await theirs.metrics();
        },
      },
      scrapes,
      7,
    );
    const operation = `metrics(): ${size}, ${label}`;
    const overFloor = side.ratio('promkit', 'floor');
    const overPromClient = side.ratio('prom-client', 'promkit');
    rows.push({
      operation,
      cells: {
        floor: formatNs(side.nsPerOp.floor),
        promkit: formatNs(side.nsPerOp.promkit),
        'prom-client': formatNs(side.nsPerOp['prom-client']),
        'promkit / floor': times(overFloor),
        'promkit vs prom-client': times(overPromClient),
      },
      checks: [
        { name: `${operation}: promkit / floor`, actual: overFloor, target: FLOOR_TARGET, format: times },
        {
          name: `${operation}: promkit vs prom-client`,
          actual: overPromClient,
          target: PROM_CLIENT_TARGET,
          atLeast: true,
          format: times,
        },
      ],
    });
  }
  return rows;
}

/** The scrape floor table: 10k series in one family, 100k in 100 families, both text formats. */
export async function runScrapeFloorBench(): Promise<Table> {
  return {
    title:
      'Scrape floor (CPU time per scrape, median of 7 runs; floor: the same bytes joined from series prefixes built once)',
    columns: ['floor', 'promkit', 'prom-client', 'promkit / floor', 'promkit vs prom-client'],
    rows: [
      ...(await floorRows(10_000, 1, '10k series', 20)),
      ...(await floorRows(100_000, 100, '100k series in 100 families', 3)),
    ],
  };
}
