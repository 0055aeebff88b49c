import type { MetricFamily } from '../../model';
import type { DefaultMetricSource, DefaultMetricsContext } from './context';
import { ProcFileReader, type ProcReadQueue, statusBytes } from './proc-files';

const RESIDENT = ['process_resident_memory_bytes', 'Resident memory size in bytes.'] as const;
const VIRTUAL = ['process_virtual_memory_bytes', 'Virtual memory size in bytes.'] as const;
const HEAP = ['process_heap_bytes', 'Process heap size in bytes.'] as const;

/**
 * Process memory from /proc/self/status on Linux (resident, virtual, data
 * segment), and only the resident size from Node elsewhere.
 */
export function processMemory(ctx: DefaultMetricsContext, reads: ProcReadQueue): DefaultMetricSource {
  const statusFile = new ProcFileReader('status');
  return {
    describe: () => ctx.sampleNames([RESIDENT, VIRTUAL, HEAP].map(([name]) => ['gauge', name] as const)),
    collect: async () => {
      const status = await reads.run(() => statusFile.read());
      const families: MetricFamily[] = [];
      const add = ([name, help]: readonly [string, string], bytes: number | undefined) => {
        if (bytes !== undefined) families.push(ctx.gauge(name, help, bytes));
      };
      add(RESIDENT, (status === undefined ? undefined : statusBytes(status, 'VmRSS')) ?? residentFromNode());
      if (status) {
        add(VIRTUAL, statusBytes(status, 'VmSize'));
        add(HEAP, statusBytes(status, 'VmData'));
      }
      return families;
    },
    stop: () => statusFile.stop(),
  };
}

/** `process.memoryUsage` can throw on some platforms; the metric is then left out. */
function residentFromNode(): number | undefined {
  try {
    return process.memoryUsage.rss();
  } catch {
    return undefined;
  }
}
