import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { formatNs, printTable, type Row } from './harness';
import {
  HTTP_RECORDER_BENCH_COLUMNS,
  HTTP_RECORDER_BENCH_TITLE,
  runHttpRecorderBench,
} from './http-recorder.bench';

/**
 * What the HTTP server middleware costs per request: autocannon against a
 * hello-world route on each framework, bare and measured (and Express with
 * express-prom-bundle, for contrast). The servers run in one child process,
 * so they get a core of their own while autocannon drives them from this
 * one. Rounds interleave the variants and each measured run is compared with
 * the bare run next to it, so a machine that drifts between rounds moves
 * both sides of each ratio. Throughput on a busy machine mostly measures the
 * machine, so the server's CPU time per request is read as well: a saturated
 * single-threaded server loses throughput in the proportion its CPU time per
 * request grows, and CPU time does not count the time others held the core.
 * Target: <= 5 % throughput loss on Express.
 *
 * Standalone: `node -r ts-node/register/transpile-only bench/http.bench.ts`;
 * PROMKIT_HTTP_BENCH_SECONDS (per run, default 2) and PROMKIT_HTTP_BENCH_ROUNDS
 * (default 7) bound it.
 */

const SECONDS = Number(process.env.PROMKIT_HTTP_BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.PROMKIT_HTTP_BENCH_ROUNDS ?? 7);
const CONNECTIONS = 10;

/** Each framework's bare server and the measured ones compared with it, as named by http-servers.ts. */
const GROUPS: ReadonlyArray<{ bare: string; measured: string[] }> = [
  { bare: 'node:http bare', measured: ['node:http + promkit'] },
  { bare: 'Express bare', measured: ['Express + promkit', 'Express + express-prom-bundle'] },
  { bare: 'Fastify bare', measured: ['Fastify + promkit'] },
  { bare: 'Koa bare', measured: ['Koa + promkit'] },
];

export const HTTP_BENCH_COLUMNS = [
  'requests/s (median)',
  'throughput vs bare',
  'server CPU per request (median)',
  'CPU vs bare',
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

async function run(port: number, cpuPort: number, seconds: number): Promise<Run> {
  const cpuBefore = await serverCpuMicros(cpuPort);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/hello`,
    connections: CONNECTIONS,
    duration: seconds,
  });
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0) {
    throw new Error(
      `port ${port}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`,
    );
  }
  const cpuMicros = (await serverCpuMicros(cpuPort)) - cpuBefore;
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

async function startServers(): Promise<{ child: ChildProcess; ports: Record<string, number> }> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(__dirname, 'http-servers.ts')],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error('the bench servers exited before listening');
    }),
  ])) as [string];
  lines.close();
  return { child, ports: JSON.parse(line) };
}

async function stopServers(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.stdin?.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function runHttpBench(): Promise<Row[]> {
  const { child, ports } = await startServers();
  const cpuPort = ports.cpu;
  try {
    for (const group of GROUPS)
      for (const name of [group.bare, ...group.measured]) await run(ports[name], cpuPort, 1);
    const runs: Record<string, Run[]> = {};
    const ratios: Record<string, { throughput: number[]; cpu: number[] }> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const group of GROUPS) {
        for (const variant of group.measured) {
          // Alternate which side runs first, so neither always gets the warmer machine.
          const order = round % 2 ? [variant, group.bare] : [group.bare, variant];
          const pair: Record<string, Run> = {};
          for (const name of order) pair[name] = await run(ports[name], cpuPort, SECONDS);
          (runs[group.bare] ??= []).push(pair[group.bare]);
          (runs[variant] ??= []).push(pair[variant]);
          const ratio = (ratios[variant] ??= { throughput: [], cpu: [] });
          ratio.throughput.push(pair[variant].requestsPerSecond / pair[group.bare].requestsPerSecond);
          ratio.cpu.push(pair[variant].cpuNsPerRequest / pair[group.bare].cpuNsPerRequest);
        }
      }
    }
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
        },
      })),
    ]);
  } finally {
    await stopServers(child);
  }
}

export const HTTP_BENCH_TITLE = `HTTP server middleware on a hello-world route (autocannon, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${SECONDS} s; ratios: median of each round's ratio to the bare server)`;

/** Both HTTP tables: the recorders in process, then the servers under autocannon. */
export async function runHttpBenches(): Promise<string> {
  const recorders = printTable(
    HTTP_RECORDER_BENCH_TITLE,
    HTTP_RECORDER_BENCH_COLUMNS,
    runHttpRecorderBench(),
  );
  const servers = printTable(HTTP_BENCH_TITLE, HTTP_BENCH_COLUMNS, await runHttpBench());
  return `${recorders}\n${servers}`;
}

if (require.main === module) {
  runHttpBenches().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
