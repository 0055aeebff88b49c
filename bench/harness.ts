import { performance } from 'node:perf_hooks';

/** Minimal, dependency-free timing: warm up, then the median of several timed runs. */

export interface Measurement {
  /** Nanoseconds per operation (median over runs). */
  nsPerOp: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Nanoseconds of CPU time per iteration. CPU rather than wall time: on a
 * shared machine a run is often descheduled, which wall time would count.
 */
function timeRun(fn: (iterations: number) => void, iterations: number): number {
  const start = process.cpuUsage();
  fn(iterations);
  const { user, system } = process.cpuUsage(start);
  return ((user + system) * 1000) / iterations;
}

export function measure(fn: (iterations: number) => void, iterations: number, runs = 7): Measurement {
  fn(Math.max(1, Math.floor(iterations / 10)));
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) samples.push(timeRun(fn, iterations));
  return { nsPerOp: median(samples) };
}

/**
 * Several implementations of the same operation timed in turns, run after
 * run, so a machine that speeds up or slows down mid-benchmark affects them
 * alike. `ratio(a, b)` is the median of the per-run ratios, steadier than a
 * ratio of medians on a noisy machine.
 */
export interface SideBySide {
  nsPerOp: Record<string, number>;
  ratio(numerator: string, denominator: string): number;
  /** The median of the per-run differences in ns per operation, e.g. what a wrapper adds to a call. */
  difference(minuend: string, subtrahend: string): number;
}

function sideBySide(names: string[], samples: Record<string, number[]>): SideBySide {
  return {
    nsPerOp: Object.fromEntries(names.map((n) => [n, median(samples[n])])),
    ratio: (a, b) => median(samples[a].map((v, i) => v / samples[b][i])),
    difference: (a, b) => median(samples[a].map((v, i) => v - samples[b][i])),
  };
}

export function measureSideBySide(
  fns: Record<string, (iterations: number) => void>,
  iterations: number,
  runs = 9,
): SideBySide {
  const names = Object.keys(fns);
  for (const name of names) fns[name](Math.max(1, Math.floor(iterations / 10)));
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < runs; r++) {
    // Rotate who goes first: the first of a round often runs on a colder cache.
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length];
      samples[name].push(timeRun(fns[name], iterations));
    }
  }
  return sideBySide(names, samples);
}

/** Nanoseconds of CPU time per iteration of an asynchronous loop (see `timeRun`). */
async function timeAsyncRun(fn: (iterations: number) => Promise<void>, iterations: number): Promise<number> {
  const start = process.cpuUsage();
  await fn(iterations);
  const { user, system } = process.cpuUsage(start);
  return ((user + system) * 1000) / iterations;
}

/** `measureSideBySide` for loops that await. */
export async function measureSideBySideAsync(
  fns: Record<string, (iterations: number) => Promise<void>>,
  iterations: number,
  runs = 9,
): Promise<SideBySide> {
  const names = Object.keys(fns);
  for (const name of names) await fns[name](Math.max(1, Math.floor(iterations / 10)));
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length];
      samples[name].push(await timeAsyncRun(fns[name], iterations));
    }
  }
  return sideBySide(names, samples);
}

export async function measureAsync(fn: () => Promise<unknown>, runs = 7): Promise<Measurement> {
  await fn();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start));
  }
  return { nsPerOp: median(samples) };
}

/**
 * Runs `work` while a setImmediate loop watches the event loop, and returns
 * the longest time the loop could not run anything else (ms).
 */
export async function longestEventLoopBlock(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  let watching = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (watching) setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  watching = false;
  return Math.max(longest, performance.now() - last);
}

/**
 * A copy of `factory` with its own feedback. V8 shares what it learns about a
 * call site among all closures made from one function literal, so a loop
 * written once and run against three libraries would be polymorphic and
 * measure none of them as an app that uses one would. `factory` must use only
 * its parameters (its source is compiled again, away from its scope).
 */
export function fresh<F extends (...args: any[]) => unknown>(factory: F): F {
  return new Function(`return (${factory.toString()});`)() as F;
}

/**
 * `n` pairs of readings of `performance.now()`, the clock promkit reads
 * (`now()` in core): any timer takes one reading when a call starts and one
 * when it ends, so this is the floor under every duration measured.
 */
export function performanceNowPairs(n: number): void {
  let elapsed = 0;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    elapsed += performance.now() - started;
  }
  if (elapsed < 0) throw new Error('clock went backwards');
}

export function formatNs(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(1)} ns`;
}

/**
 * One target `npm run bench -- --check` enforces: `actual` must be at most
 * (or, with `atLeast`, at least) `target`.
 */
export interface Check {
  name: string;
  actual: number;
  target: number;
  atLeast?: boolean;
  /** How to print actual and target, e.g. `1.18×` or `212 B`. */
  format: (value: number) => string;
}

export function passes(check: Check): boolean {
  return check.atLeast ? check.actual >= check.target : check.actual <= check.target;
}

export interface Row {
  operation: string;
  cells: Record<string, string>;
  /** Targets this row's measurements are held to. */
  checks?: Check[];
}

/** One printed table of a bench section. */
export interface Table {
  title: string;
  columns: string[];
  rows: Row[];
}

export function printTable(title: string, columns: string[], rows: Row[]): string {
  const header = ['operation', ...columns];
  const lines = rows.map((r) => [r.operation, ...columns.map((c) => r.cells[c] ?? '')]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const out = [
    `### ${title}`,
    '',
    fmt(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...lines.map(fmt),
    '',
  ].join('\n');
  console.log(out);
  return out;
}

/** The checks of a table as lines, each marked `ok` or `MISSED`. */
/** A target's verdict as the Targets block prints it. */
export function checkLine(c: Check): string {
  const verdict = passes(c) ? 'ok    ' : 'MISSED';
  const relation = c.atLeast ? '>=' : '<=';
  return `${verdict} ${c.name}: ${c.format(c.actual)} (target ${relation} ${c.format(c.target)})`;
}
