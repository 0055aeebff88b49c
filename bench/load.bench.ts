import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { printTable, type Row } from './harness';
import { scrapeBlockBench } from './scrape-block';

/**
 * Scraping a large registry under load, promkit next to prom-client: one
 * counter family of LOAD_SERIES (default 100k) series, served over HTTP by a
 * process of its own per library and phase (each warmed up by three scrapes).
 * Phases: 20 scrapes one after another, or rounds of 20 concurrent scrapes.
 * Reported: scrape latency p50/p99 as the scraper sees it, the server's
 * longest event-loop block, and how far its resident memory rose above the
 * idle process (peak RSS, read from /proc/<pid>/status after resetting the
 * peak with /proc/<pid>/clear_refs).
 * Target: RSS under 20 concurrent scrapes no more than 2x a single scrape's.
 *
 * npm run bench:load   (LOAD_SERIES, LOAD_ROUNDS to change the size)
 */

const SERIES = Number(process.env.LOAD_SERIES ?? 100_000);
const ROUNDS = Number(process.env.LOAD_ROUNDS ?? 3);
const CONCURRENCY = 20;
const LIBRARIES = ['promkit', 'prom-client'] as const;

interface Server {
  readonly child: ChildProcess;
  readonly port: number;
}

async function startServer(library: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '-r',
      'ts-node/register/transpile-only',
      join(__dirname, 'load-server.ts'),
      library,
      String(SERIES),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const [line] = await once(createInterface({ input: child.stdout! }), 'line');
  return { child, port: JSON.parse(line).port };
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = once(server.child, 'exit');
  server.child.stdin!.end();
  await exited;
}

const agent = new Agent({ keepAlive: false, maxSockets: CONCURRENCY });

function get(port: number, path: string): Promise<{ ms: number; body: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      let bytes = 0;
      res.setEncoding('utf8');
      // Metric bodies are only counted; control answers are kept.
      res.on('data', (chunk: string) => (path === '/metrics' ? (bytes += chunk.length) : (body += chunk)));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${path} answered ${res.statusCode}`));
        else resolve({ ms: performance.now() - started, body: path === '/metrics' ? String(bytes) : body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resident memory of a process, in bytes: now and the peak since the last reset. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

interface Phase {
  latencies: number[];
  /** Scrapes that got no answer (refused, reset, or the server died). */
  failed: number;
  maxBlockMs: number;
  rssRise: number;
}

interface Timings {
  latencies: number[];
  failed: number;
}

/** A scrape's latency, or undefined when it failed. */
function scrapeOnce(port: number): Promise<number | undefined> {
  return get(port, '/metrics').then(
    (answer) => answer.ms,
    () => undefined,
  );
}

function timings(results: Array<number | undefined>): Timings {
  const latencies = results.filter((r): r is number => r !== undefined);
  return { latencies, failed: results.length - latencies.length };
}

/**
 * Runs `scrapes` against a fresh server, after three warm-up scrapes. The RSS
 * rise is measured from the idle process (registry built, nothing scraped
 * yet) to its peak, warm-up included: the memory a scrape pattern costs the app.
 */
async function phase(server: Server, scrapes: (port: number) => Promise<Timings>): Promise<Phase> {
  const pid = server.child.pid!;
  writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets the peak (VmHWM) to the current RSS
  const idle = memory(pid).rss;
  let peak = idle;
  // Sampled too, in case the process dies under load and its peak can no longer be read.
  const sampler = setInterval(() => {
    if (server.child.exitCode === null && server.child.signalCode === null)
      peak = Math.max(peak, memory(pid).peak);
  }, 50);
  try {
    for (let i = 0; i < 3; i++) await scrapeOnce(server.port);
    await get(server.port, '/reset');
    const { latencies, failed } = await scrapes(server.port);
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      console.log(`the server died (${server.child.signalCode ?? `exit ${server.child.exitCode}`})`);
      return { latencies, failed, maxBlockMs: Number.NaN, rssRise: peak - idle };
    }
    const { maxBlockMs } = JSON.parse((await get(server.port, '/stats')).body);
    return { latencies, failed, maxBlockMs, rssRise: Math.max(peak, memory(pid).peak) - idle };
  } finally {
    clearInterval(sampler);
  }
}

async function sequential(port: number): Promise<Timings> {
  const out: Array<number | undefined> = [];
  for (let i = 0; i < CONCURRENCY; i++) out.push(await scrapeOnce(port));
  return timings(out);
}

async function concurrent(port: number): Promise<Timings> {
  const out: Array<number | undefined> = [];
  for (let r = 0; r < ROUNDS; r++) {
    out.push(...(await Promise.all(Array.from({ length: CONCURRENCY }, () => scrapeOnce(port)))));
  }
  return timings(out);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;
const mib = (v: number) => `${(v / 1024 / 1024).toFixed(0)} MiB`;

export async function loadBench(): Promise<string> {
  const results: Record<string, { single: Phase; concurrent: Phase }> = {};
  for (const library of LIBRARIES) {
    // Each phase in a fresh, warmed-up process, so that neither starts with the other's heap.
    const run = async (scrapes: (port: number) => Promise<Timings>) => {
      const server = await startServer(library);
      try {
        return await phase(server, scrapes);
      } finally {
        await stopServer(server);
      }
    };
    results[library] = { single: await run(sequential), concurrent: await run(concurrent) };
  }
  agent.destroy();
  const rows: Row[] = [];
  const row = (
    operation: string,
    value: (p: { single: Phase; concurrent: Phase }) => number,
    show: (v: number) => string,
  ) => {
    const [ours, theirs] = LIBRARIES.map((l) => value(results[l]));
    rows.push({
      operation,
      cells: {
        promkit: show(ours),
        'prom-client': show(theirs),
        'prom-client / promkit':
          ours > 0 && Number.isFinite(theirs / ours) ? `${(theirs / ours).toFixed(1)}×` : '–',
      },
    });
  };
  row('scrape p50, one at a time', (r) => percentile(r.single.latencies, 0.5), ms);
  row('scrape p99, one at a time', (r) => percentile(r.single.latencies, 0.99), ms);
  row(`scrape p50, ${CONCURRENCY} concurrent`, (r) => percentile(r.concurrent.latencies, 0.5), ms);
  row(`scrape p99, ${CONCURRENCY} concurrent`, (r) => percentile(r.concurrent.latencies, 0.99), ms);
  row('longest event-loop block, one at a time', (r) => r.single.maxBlockMs, ms);
  row(`longest event-loop block, ${CONCURRENCY} concurrent`, (r) => r.concurrent.maxBlockMs, ms);
  row(`failed scrapes, ${CONCURRENCY} concurrent`, (r) => r.concurrent.failed, String);
  row('RSS rise, one scrape at a time', (r) => r.single.rssRise, mib);
  row(`RSS rise, ${CONCURRENCY} concurrent scrapes`, (r) => r.concurrent.rssRise, mib);
  const table = printTable(
    `Scraping ${SERIES.toLocaleString('en')} series over HTTP (${ROUNDS} rounds of ${CONCURRENCY} concurrent scrapes)`,
    ['promkit', 'prom-client', 'prom-client / promkit'],
    rows,
  );
  for (const library of LIBRARIES) {
    const { single, concurrent: many } = results[library];
    console.log(
      `${library}: RSS rise under ${CONCURRENCY} concurrent scrapes = ${(many.rssRise / single.rssRise).toFixed(2)}× a single scrape's (target <= 2×)`,
    );
  }
  return table;
}

if (require.main === module) {
  scrapeBlockBench(SERIES)
    .then(loadBench)
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
