import type { MetricFamily } from '../../model';
import type { DefaultMetricSource, DefaultMetricsContext } from './context';
import { CachedProcFile, countProcDirectory, maxOpenFiles, type ProcReadQueue } from './proc-files';

/** The limit changes only through setrlimit/prlimit, so it is re-read once a minute rather than every scrape. */
const LIMITS_TTL_MS = 60_000;

/** Open and maximum file descriptors; Linux only (absent elsewhere). */
export function processFds(ctx: DefaultMetricsContext, reads: ProcReadQueue): DefaultMetricSource {
  const limitsFile = new CachedProcFile('limits', LIMITS_TTL_MS);
  return {
    describe: () =>
      ctx.sampleNames([
        ['gauge', 'process_open_fds'],
        ['gauge', 'process_max_fds'],
      ]),
    collect: async () => {
      // One after the other, and after any other /proc read: a read in parallel would hold a descriptor during the count.
      const [entries, limits] = await reads.run(async () => {
        const count = await countProcDirectory('fd');
        return [count, await limitsFile.read()] as const;
      });
      const families: MetricFamily[] = [];
      // Minus the descriptor the directory read itself held open.
      if (entries !== undefined) {
        families.push(ctx.gauge('process_open_fds', 'Number of open file descriptors.', entries - 1));
      }
      const max = limits === undefined ? undefined : maxOpenFiles(limits);
      if (max !== undefined) {
        families.push(ctx.gauge('process_max_fds', 'Maximum number of open file descriptors.', max));
      }
      return families;
    },
  };
}
