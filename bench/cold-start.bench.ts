import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Row, Table } from './harness';

/**
 * What loading the package costs an app: `require('promkit')` and
 * `import('promkit')` of the build (dist/, `npm run build` first), each in a
 * fresh Node.js process, side by side with prom-client and
 * @prometheus-io/client, the libraries taking turns round after round. The
 * floor is an empty module: what any require or import costs at least.
 * Heap is what the module leaves reachable, after two gc() passes.
 */

const ROOT = join(__dirname, '..');
const ROUNDS = 15;

type Mode = 'require' | 'import';

/** The module each column loads (resolved from the repository: `promkit` is the package's own build). */
const TARGETS = ['promkit', 'prom-client', '@prometheus-io/client', 'floor'] as const;
type Target = (typeof TARGETS)[number];

interface Load {
  /** Wall-clock time. */
  ms: number;
  /** CPU time of the process, every thread: steadier than wall time on a busy machine. */
  cpuMs: number;
  heapBytes: number;
  /** CommonJS modules loaded (Node.js also enters those an import loads in `require.cache`). */
  modules: number;
}

/** Run with `node --expose-gc -e`; prints one Load as JSON. */
const PROBE = `
const [mode, specifier] = process.argv.slice(1);
const cached = () => Object.keys(require.cache).length;
gc(); gc();
const before = { heap: process.memoryUsage().heapUsed, modules: cached() };
const start = process.hrtime.bigint();
const cpu = process.cpuUsage();
const loading = mode === 'import' ? import(specifier) : Promise.resolve(require(specifier));
loading.then((loaded) => {
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const { user, system } = process.cpuUsage(cpu);
  gc(); gc();
  const heapBytes = process.memoryUsage().heapUsed - before.heap;
  if (Object.keys(loaded).length === 0 && !specifier.endsWith('empty.js')) throw new Error(specifier + ' exports nothing');
  process.stdout.write(JSON.stringify({ ms, cpuMs: (user + system) / 1000, heapBytes, modules: cached() - before.modules }));
});
`;

function probe(mode: Mode, specifier: string): Load {
  const child = spawnSync(process.execPath, ['--expose-gc', '-e', PROBE, mode, specifier], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (child.status !== 0) throw new Error(`${mode} of ${specifier} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Load;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The newest modification time of the files under `dir`. */
function newest(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const full = join(dir, entry.name);
      return entry.isDirectory() ? newest(full) : statSync(full).mtimeMs;
    }),
  );
}

function assertBuilt(): void {
  const build = join(ROOT, 'dist', 'cjs', 'index.js');
  if (!existsSync(build) || statSync(build).mtimeMs < newest(join(ROOT, 'lib'))) {
    throw new Error(
      'cold-start measures the build: run npm run build first (dist/ is missing or older than lib/)',
    );
  }
}

/** Every target loaded ROUNDS times in each mode, in turns (who goes first rotates). */
function measureLoads(mode: Mode, floor: string): Record<Target, Load[]> {
  const specifiers: Record<Target, string> = {
    promkit: 'promkit',
    'prom-client': 'prom-client',
    '@prometheus-io/client': '@prometheus-io/client',
    floor,
  };
  const loads = Object.fromEntries(TARGETS.map((t) => [t, [] as Load[]])) as Record<Target, Load[]>;
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < TARGETS.length; k++) {
      const target = TARGETS[(round + k) % TARGETS.length];
      loads[target].push(probe(mode, specifiers[target]));
    }
  }
  return loads;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const mib = (value: number) => `${(value / 2 ** 20).toFixed(2)} MiB`;
const times = (value: number) => `${value.toFixed(2)}×`;

/** The median of the per-round ratios promkit / prom-client: steadier than a ratio of medians. */
function ratio(loads: Record<Target, Load[]>, of: (load: Load) => number): number {
  return median(loads.promkit.map((load, i) => of(load) / of(loads['prom-client'][i])));
}

/** One measurement's row: its median per target, and promkit's ratio to prom-client, held to `target`. */
function ratioRow(
  operation: string,
  loads: Record<Target, Load[]>,
  of: (load: Load) => number,
  format: (value: number) => string,
  target: number,
): Row {
  const cells = Object.fromEntries(TARGETS.map((t) => [t, format(median(loads[t].map(of)))]));
  const actual = ratio(loads, of);
  return {
    operation,
    cells: { ...cells, 'promkit / prom-client': times(actual) },
    checks: [{ name: `cold start: ${operation}, promkit / prom-client`, actual, target, format: times }],
  };
}

function rowsOf(mode: Mode, loads: Record<Target, Load[]>): Row[] {
  const modules = Object.fromEntries(TARGETS.map((t) => [t, String(median(loads[t].map((l) => l.modules)))]));
  return [
    ratioRow(`${mode}() wall time`, loads, (l) => l.ms, ms, 0.5),
    ratioRow(`${mode}() CPU time`, loads, (l) => l.cpuMs, ms, 0.5),
    ratioRow(`${mode}() heap left`, loads, (l) => l.heapBytes, mib, 1),
    { operation: `${mode}() CommonJS modules`, cells: modules },
  ];
}

export function runColdStartBench(): Table {
  assertBuilt();
  const scratch = mkdtempSync(join(tmpdir(), 'promkit-cold-start-'));
  try {
    const floor = join(scratch, 'empty.js');
    writeFileSync(floor, '');
    const rows = (['require', 'import'] as const).flatMap((mode) => rowsOf(mode, measureLoads(mode, floor)));
    return {
      title: `Cold start: loading the package root in a fresh process (median of ${ROUNDS}; floor: an empty module)`,
      columns: [...TARGETS, 'promkit / prom-client'],
      rows,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
