import { type PerformanceEntry, PerformanceObserver, constants as perf } from 'node:perf_hooks';
import { Counter, Registry } from '../lib';

/**
 * A soak of one process: SERIES counter series, a scrape (`metricsBytes()`,
 * what the HTTP endpoints send) every SCRAPE_MS, increments throughout. It
 * watches every event-loop turn and, for each block that took more than
 * REPORT_MS of CPU, says what ran in it: a garbage collection (kind and pause, from Node's
 * `gc` performance entries), a part of a scrape (collection or rendering),
 * or neither (increments, timers). Blocks are measured in wall time and in
 * CPU time (the process's, V8's helper threads included), since waiting for
 * a core on a shared machine also blocks the loop.
 *
 *   node --expose-gc -r ts-node/register/transpile-only bench/soak.ts [seconds] [series]
 *   add --trace-gc to see every collection as V8 reports it
 */

const SECONDS = Number(process.argv[2] ?? 90);
const SERIES = Number(process.argv[3] ?? 50_000);
const SCRAPE_MS = 100;
const INCS_PER_MS = 200;
const REPORT_MS = 10;

const GC_KINDS: Record<number, string> = {
  [perf.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [perf.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [perf.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental marking',
  [perf.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

/** The kind of collection of a `gc` entry (Node puts it in `detail`). */
function kindOf(entry: PerformanceEntry): number {
  return (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? -1;
}

interface Block {
  at: number;
  wallMs: number;
  cpuMs: number;
  /** What the scrape was doing when the block began, if one was running. */
  scrape: string | undefined;
  gc: string[];
}

async function main(): Promise<void> {
  const registry = new Registry();
  const jobs = new Counter({
    name: 'jobs_total',
    help: 'Jobs by id.',
    labelNames: ['id', 'shard'] as const,
    registers: [registry],
    maxSeries: Number.POSITIVE_INFINITY,
  });
  const children = Array.from({ length: SERIES }, (_, i) => jobs.labels(`job-${i}`, String(i % 16)));

  const gcs: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcs.push(entry);
  });
  observer.observe({ entryTypes: ['gc'] });

  let scrapePhase: string | undefined;
  const collect = registry.collect.bind(registry);
  // Tells collection from rendering: the registry collects, then writes.
  registry.collect = async (...args: Parameters<Registry['collect']>) => {
    scrapePhase = 'collecting';
    const families = await collect(...args);
    scrapePhase = 'rendering';
    return families;
  };
  let scrapes = 0;
  const scrapeTimer = setInterval(() => {
    if (scrapePhase !== undefined) return;
    scrapePhase = 'starting';
    registry.metricsBytes().then(() => {
      scrapePhase = undefined;
      scrapes++;
    });
  }, SCRAPE_MS);

  let next = 0;
  const incTimer = setInterval(() => {
    for (let k = 0; k < INCS_PER_MS; k++) {
      children[next].inc();
      next = (next + 7919) % SERIES;
    }
  }, 1);

  const blocks: Block[] = [];
  const started = performance.now();
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let phaseAtLast = scrapePhase;
  let longestWall = 0;
  let longestCpu = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      const cpu = process.cpuUsage(lastCpu);
      const wallMs = now - last;
      const cpuMs = (cpu.user + cpu.system) / 1000;
      // The first seconds build the series and warm up; they are not the steady state.
      if (now - started > 5000) {
        longestWall = Math.max(longestWall, wallMs);
        longestCpu = Math.max(longestCpu, cpuMs);
        if (cpuMs > REPORT_MS) {
          blocks.push({ at: last - started, wallMs, cpuMs, scrape: phaseAtLast, gc: [] });
        }
      }
      last = now;
      lastCpu = process.cpuUsage();
      phaseAtLast = scrapePhase;
      if (now - started < SECONDS * 1000) setImmediate(tick);
      else resolve();
    };
    setImmediate(tick);
  });
  clearInterval(scrapeTimer);
  clearInterval(incTimer);
  observer.disconnect();

  for (const block of blocks) {
    for (const gc of gcs) {
      const at = gc.startTime - started;
      if (at + gc.duration >= block.at && at <= block.at + block.wallMs) {
        const kind = GC_KINDS[kindOf(gc)] ?? 'gc';
        block.gc.push(`${kind} ${gc.duration.toFixed(1)} ms`);
      }
    }
  }
  const majors = gcs.filter((g) => kindOf(g) === perf.NODE_PERFORMANCE_GC_MAJOR);
  console.log(
    `${SECONDS} s, ${SERIES} series, a scrape every ${SCRAPE_MS} ms (${scrapes} scrapes), ${INCS_PER_MS} inc()/ms; Node ${process.version}`,
  );
  console.log(`longest block ${longestWall.toFixed(1)} ms wall, ${longestCpu.toFixed(1)} ms CPU`);
  console.log(
    `mark-compact pauses: ${majors.length}, longest ${Math.max(0, ...majors.map((g) => g.duration)).toFixed(1)} ms`,
  );
  console.log(`blocks over ${REPORT_MS} ms of CPU, longest first:`);
  for (const b of blocks.sort((x, y) => y.cpuMs - x.cpuMs).slice(0, 15)) {
    console.log(
      `  ${(b.at / 1000).toFixed(1)} s: ${b.wallMs.toFixed(1)} ms wall, ${b.cpuMs.toFixed(1)} ms CPU; ` +
        `scrape: ${b.scrape ?? 'none'}; gc: ${b.gc.join(', ') || 'none'}`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
