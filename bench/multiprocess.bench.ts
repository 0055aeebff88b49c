import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type Check, formatNs, printTable, type Row } from './harness';

/**
 * Multi-process aggregation, promkit and prom-client side by side in one run:
 * - a real Node cluster of 8 workers, each holding the same 10,000 counter
 *   series in both libraries; the primary times each library's merged scrape
 *   (`clusterMetrics()`) in alternating rounds (target: promkit >= 5x faster);
 * - a counter child's inc() in each deployment, measured for a few seconds
 *   with the deployment's background work included (worker checkpoints and
 *   answers to a scrape every second, the directory mode's flush every
 *   second), against the same loop in a plain process (target: the directory
 *   mode and worker threads <= 2x).
 * Each measurement runs in child processes, as the deployments do; promkit is
 * bundled from the sources first so children start fast.
 */

const ROOT = join(__dirname, '..');
const SCRAPE = join(__dirname, 'multiprocess', 'cluster-scrape.js');
const PROBE = join(__dirname, 'multiprocess', 'inc-probe.js');

export const MULTIPROCESS_BENCH_COLUMNS = ['promkit', 'prom-client', 'vs prom-client', 'vs one process'];
export const MULTIPROCESS_BENCH_TITLE =
  'Multi-process (cluster scrape: median of alternating rounds; inc(): over 3 s with background work; ratios: how many times faster promkit is, and the cost against a single process)';

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs a bench child and returns the JSON line it prints. */
function runChild<T>(script: string, env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as T);
      else reject(new Error(`${script} (${JSON.stringify(env)}) exited with ${code}:\n${out}`));
    });
  });
}

function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 0)} ms`;
}

function times(a: number, b: number): string {
  return `${(a / b).toFixed(1)}×`;
}

const ratio = (value: number) => `${value.toFixed(1)}×`;

/** The merged scrape must be at least 5x faster than prom-client's. */
function scrapeCheck(what: string, theirs: number, ours: number): Check {
  return {
    name: `cluster scrape, ${what}: vs prom-client`,
    actual: theirs / ours,
    target: 5,
    atLeast: true,
    format: ratio,
  };
}

/** inc() in a worker thread or the directory mode at most 2x the single-process cost. */
function incCheck(mode: string, ns: number, single: number): Check {
  return { name: `counter inc() ${mode}: vs one process`, actual: ns / single, target: 2, format: ratio };
}

export async function runMultiprocessBench(): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), 'promkit-bench-bundle-'));
  try {
    const bundle = join(dir, 'promkit.js');
    await build({
      entryPoints: [join(ROOT, 'lib', 'index.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: bundle,
      logLevel: 'error',
    });
    const env = { PROMKIT_BUNDLE: bundle };
    const rows: Row[] = [];

    type Times = {
      promkit: number[];
      'prom-client': number[];
      promkitCpu: number[];
      'prom-clientCpu': number[];
    };
    const scrape = await runChild<{ unchanged: Times; changed: Times; agree: boolean }>(SCRAPE, {
      ...env,
      WORKERS: '8',
      SERIES: '10000',
      ROUNDS: '5',
    });
    if (!scrape.agree) throw new Error('promkit and prom-client merged different totals');
    for (const [kind, what] of [
      ['changed', 'every series changed since the last scrape'],
      ['unchanged', 'nothing changed since the last scrape'],
    ] as const) {
      const ours = median(scrape[kind].promkit);
      const theirs = median(scrape[kind]['prom-client']);
      rows.push({
        operation: `cluster: merged scrape of 8 workers × 10,000 series, ${what}`,
        cells: { promkit: ms(ours), 'prom-client': ms(theirs), 'vs prom-client': times(theirs, ours) },
        checks: [scrapeCheck(what, theirs, ours)],
      });
      const oursCpu = median(scrape[kind].promkitCpu);
      const theirsCpu = median(scrape[kind]['prom-clientCpu']);
      rows.push({
        operation: `↳ CPU time of that scrape, primary and workers together`,
        cells: {
          promkit: ms(oursCpu),
          'prom-client': ms(theirsCpu),
          'vs prom-client': times(theirsCpu, oursCpu),
        },
      });
    }

    const probe = (MODE: string, LIB = 'promkit') => runChild<{ ns: number }>(PROBE, { ...env, MODE, LIB });
    const single = (await probe('single')).ns;
    const singleTheirs = (await probe('single', 'prom-client')).ns;
    rows.push({
      operation: 'counter child inc(), one process',
      cells: {
        promkit: formatNs(single),
        'prom-client': formatNs(singleTheirs),
        'vs prom-client': times(singleTheirs, single),
      },
    });
    const deployments: [string, string, boolean][] = [
      ['cluster', 'in a cluster worker (scraped every second)', true],
      ['thread', 'in a worker thread (scraped every second)', false],
      ['directory', 'in the shared-directory mode (flushed every second)', false],
    ];
    for (const [mode, where, compare] of deployments) {
      const ns = (await probe(mode)).ns;
      const cells: Record<string, string> = { promkit: formatNs(ns), 'vs one process': times(ns, single) };
      if (compare) {
        const other = (await probe(mode, 'prom-client')).ns;
        cells['prom-client'] = formatNs(other);
        cells['vs prom-client'] = times(other, ns);
      }
      rows.push({
        operation: `counter child inc(), ${where}`,
        cells,
        ...(compare ? {} : { checks: [incCheck(mode, ns, single)] }),
      });
    }
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runMultiprocessBench().then(
    (rows) => printTable(MULTIPROCESS_BENCH_TITLE, MULTIPROCESS_BENCH_COLUMNS, rows),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
