import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { buildSync } from 'esbuild';
import { formatNs, printTable, type Row, type Table } from './harness';
import {
  HTTP_RECORDER_BENCH_COLUMNS,
  HTTP_RECORDER_BENCH_TITLE,
  runHttpRecorderBench,
} from './http-recorder.bench';

/**
 * What the HTTP server middleware costs per request: autocannon against a
 * hello-world route on each framework, bare and measured (and Express with
 * express-prom-bundle, for contrast). Each server runs in a child process of
 * its own, compiled to JavaScript as an app's would be, pinned to one core
 * when the machine has two or more, while autocannon drives it from this
 * process. Rounds interleave the variants and each measured run is compared
 * with the bare run next to it, so a machine that drifts between rounds
 * moves both sides of each ratio. Throughput on a busy machine mostly
 * measures the machine, so the server's CPU time per request is read as
 * well: a saturated single-threaded server loses throughput in the
 * proportion its CPU time per request grows, and CPU time does not count the
 * time others held the core. A second bare server against the first shows
 * what the method reads for no difference at all: the noise to read the
 * other rows against.
 * Target: <= 5 % throughput loss for each framework's promkit middleware.
 * The floor rows are the least any measurement does (a clock read when the
 * request arrives, another from a 'close' listener on its response), so
 * "throughput vs floor" is what promkit costs beyond that.
 *
 * Standalone: `node -r ts-node/register/transpile-only bench/http.bench.ts`;
 * PROMKIT_HTTP_BENCH_SECONDS (per run, default 2) and PROMKIT_HTTP_BENCH_ROUNDS
 * (default 7) bound it.
 */

const SECONDS = Number(process.env.PROMKIT_HTTP_BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.PROMKIT_HTTP_BENCH_ROUNDS ?? 7);
const CONNECTIONS = 10;
/** The most throughput the promkit middleware may cost a hello-world route. */
const THROUGHPUT_LOSS_TARGET = 0.05;

/** Each framework's bare server and the measured ones compared with it, as named by http-servers.ts. */
const GROUPS: ReadonlyArray<{ bare: string; measured: string[] }> = [
  {
    bare: 'node:http bare',
    measured: ['node:http bare, again', 'node:http + floor', 'node:http + promkit'],
  },
  {
    bare: 'Express bare',
    measured: [
      'Express bare, again',
      'Express + floor',
      'Express + promkit',
      'Express + express-prom-bundle',
    ],
  },
  { bare: 'Fastify bare', measured: ['Fastify bare, again', 'Fastify + floor', 'Fastify + promkit'] },
  { bare: 'Koa bare', measured: ['Koa bare, again', 'Koa + floor', 'Koa + promkit'] },
];

/** A second process of a bare server, named apart from the first. */
const AGAIN = ', again';

export const HTTP_BENCH_COLUMNS = [
  'requests/s (median)',
  'throughput vs bare',
  'server CPU per request (median)',
  'CPU vs bare',
  'throughput vs floor',
];

interface Run {
  readonly requestsPerSecond: number;
  /** Server CPU time (user + system) per request, in nanoseconds. */
  readonly cpuNsPerRequest: number;
}

async function serverCpuMicros(cpuPort: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${cpuPort}/`);
  const { user, system } = (await response.json()) as { user: number; system: number };
  return user + system;
}

async function run(server: BenchServer, seconds: number): Promise<Run> {
  const cpuBefore = await serverCpuMicros(server.cpuPort);
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}/hello`,
    connections: CONNECTIONS,
    duration: seconds,
  });
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0) {
    throw new Error(
      `port ${server.port}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`,
    );
  }
  const cpuMicros = (await serverCpuMicros(server.cpuPort)) - cpuBefore;
  return {
    requestsPerSecond: result.requests.total / seconds,
    cpuNsPerRequest: (cpuMicros * 1000) / result.requests.total,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The CPU the servers are pinned to, when `taskset` can pin them and there is
 * a core to spare: autocannon then keeps the other cores, and a run does not
 * depend on where the scheduler happened to put the server.
 */
function serverCpu(): number | undefined {
  const cpus = availableParallelism();
  if (cpus < 2) return undefined;
  const probe = spawnSync('taskset', ['-c', String(cpus - 1), 'true']);
  return probe.status === 0 ? cpus - 1 : undefined;
}

interface BenchServer {
  readonly child: ChildProcess;
  readonly port: number;
  readonly cpuPort: number;
}

/**
 * The servers as one compiled JavaScript file, as an app runs: under ts-node
 * each server would carry the TypeScript compiler in its heap, and a
 * collector working through that heap charges every allocation more.
 */
function compileServers(): string {
  const outfile = join(__dirname, 'results', 'http-servers.cjs');
  buildSync({
    entryPoints: [join(__dirname, 'http-servers.ts')],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    logLevel: 'warning',
  });
  return outfile;
}

async function startServer(script: string, variant: string, cpu: number | undefined): Promise<BenchServer> {
  const node = [process.execPath, script, variant];
  const [command, ...args] = cpu === undefined ? node : ['taskset', '-c', String(cpu), ...node];
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error(`the bench server "${variant}" exited before listening`);
    }),
  ])) as [string];
  lines.close();
  const ports = JSON.parse(line) as { cpu: number; server: number };
  return { child, port: ports.server, cpuPort: ports.cpu };
}

async function stopServer({ child }: BenchServer): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.stdin?.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function runHttpBench(): Promise<Row[]> {
  const cpu = serverCpu();
  const script = compileServers();
  const servers: Record<string, BenchServer> = {};
  try {
    for (const group of GROUPS) {
      for (const name of [group.bare, ...group.measured]) {
        const variant = name.endsWith(AGAIN) ? name.slice(0, -AGAIN.length) : name;
        servers[name] = await startServer(script, variant, cpu);
      }
    }
    for (const server of Object.values(servers)) await run(server, 1);
    const runs: Record<string, Run[]> = {};
    const ratios: Record<string, { throughput: number[]; cpu: number[] }> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const group of GROUPS) {
        for (const variant of group.measured) {
          // Alternate which side runs first, so neither always gets the warmer machine.
          const order = round % 2 ? [variant, group.bare] : [group.bare, variant];
          const pair: Record<string, Run> = {};
          for (const name of order) pair[name] = await run(servers[name], SECONDS);
          (runs[group.bare] ??= []).push(pair[group.bare]);
          (runs[variant] ??= []).push(pair[variant]);
          const ratio = (ratios[variant] ??= { throughput: [], cpu: [] });
          ratio.throughput.push(pair[variant].requestsPerSecond / pair[group.bare].requestsPerSecond);
          ratio.cpu.push(pair[variant].cpuNsPerRequest / pair[group.bare].cpuNsPerRequest);
        }
      }
    }
    // Round by round: promkit's ratio to its bare twin over the floor's ratio to its own.
    const versusFloor = (group: (typeof GROUPS)[number], variant: string) => {
      const floor = ratios[group.measured.find((name) => name.endsWith('+ floor')) as string].throughput;
      return median(ratios[variant].throughput.map((ratio, round) => ratio / floor[round]));
    };
    const percent = (ratio: number) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)} %`;
    const measuredCells = (name: string) => ({
      [HTTP_BENCH_COLUMNS[0]]: Math.round(median(runs[name].map((r) => r.requestsPerSecond))).toLocaleString(
        'en',
      ),
      [HTTP_BENCH_COLUMNS[2]]: formatNs(median(runs[name].map((r) => r.cpuNsPerRequest))),
    });
    return GROUPS.flatMap((group) => [
      { operation: group.bare, cells: measuredCells(group.bare) },
      ...group.measured.map((variant) => ({
        operation: variant,
        cells: {
          ...measuredCells(variant),
          [HTTP_BENCH_COLUMNS[1]]: percent(median(ratios[variant].throughput)),
          [HTTP_BENCH_COLUMNS[3]]: percent(median(ratios[variant].cpu)),
          ...(variant.endsWith('+ promkit')
            ? { [HTTP_BENCH_COLUMNS[4]]: percent(versusFloor(group, variant)) }
            : {}),
        },
        checks: variant.endsWith('+ promkit')
          ? [
              {
                name: `${variant}: throughput vs bare`,
                actual: median(ratios[variant].throughput),
                target: 1 - THROUGHPUT_LOSS_TARGET,
                atLeast: true,
                format: percent,
              },
            ]
          : [],
      })),
    ]);
  } finally {
    await Promise.all(Object.values(servers).map(stopServer));
  }
}

export const HTTP_BENCH_TITLE = `HTTP server middleware on a hello-world route (autocannon, ${CONNECTIONS} connections, one server per process, ${ROUNDS} interleaved rounds of ${SECONDS} s; ratios: median of each round's ratio to the bare server)`;

/** Both HTTP tables: the recorders in process, then the servers under autocannon. */
export async function httpTables(): Promise<Table[]> {
  const recorderRows = runHttpRecorderBench();
  return [
    { title: HTTP_RECORDER_BENCH_TITLE, columns: HTTP_RECORDER_BENCH_COLUMNS, rows: recorderRows },
    { title: HTTP_BENCH_TITLE, columns: HTTP_BENCH_COLUMNS, rows: await runHttpBench() },
  ];
}

if (require.main === module) {
  httpTables()
    .then((tables) => {
      for (const table of tables) printTable(table.title, table.columns, table.rows);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
