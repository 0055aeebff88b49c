/** Minimal, dependency-free timing: warm up, then the median of several timed runs. */

export interface Measurement {
  /** Nanoseconds per operation (median over runs). */
  nsPerOp: number;
}

export function measure(fn: (iterations: number) => void, iterations: number, runs = 7): Measurement {
  fn(Math.max(1, Math.floor(iterations / 10)));
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    fn(iterations);
    samples.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  samples.sort((a, b) => a - b);
  return { nsPerOp: samples[Math.floor(samples.length / 2)] };
}

export async function measureAsync(fn: () => Promise<unknown>, runs = 7): Promise<Measurement> {
  await fn();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start));
  }
  samples.sort((a, b) => a - b);
  return { nsPerOp: samples[Math.floor(samples.length / 2)] };
}

export function formatNs(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(1)} ns`;
}

export interface Row {
  operation: string;
  cells: Record<string, string>;
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
