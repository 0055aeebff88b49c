import {
  type Collector,
  describe as describeValue,
  getDefaultRegistry,
  MetricConfigError,
  type Registry,
  validateMetricName,
} from '../core';
import { type MetricFamily, sampleNamesOf } from '../model';
import { maxOpenFiles, procFs, statusBytes } from './default-metrics/proc-files';
import { CounterMetricFamily, GaugeMetricFamily } from './families';
import { parseBootTime, parseProcStat } from './process-collector-stat';

/** A process to watch: its PID, `'self'`, or undefined/null while there is none. */
export type ProcessId = number | 'self' | undefined | null;

/** `ProcessCollector`'s options: which process to read, a prefix for its metric names, the registries. */
export interface ProcessCollectorOptions {
  /** Prepended with `_`: `namespace: 'worker'` gives `worker_process_cpu_seconds_total`. */
  namespace?: string;
  /**
   * The process: a PID, `'self'` (the default), or a function called at each
   * scrape, e.g. `() => child.pid`, so a restarted process is followed.
   */
  pid?: ProcessId | (() => ProcessId | Promise<ProcessId>);
  /** Where procfs is mounted (default `/proc`). */
  proc?: string;
  /** Registries to register with; default the global `register`, `[]` for none. */
  registers?: Registry<any>[];
}

const FAMILIES = [
  ['counter', 'process_cpu_seconds'],
  ['gauge', 'process_start_time_seconds'],
  ['gauge', 'process_virtual_memory_bytes'],
  ['gauge', 'process_resident_memory_bytes'],
  ['gauge', 'process_open_fds'],
  ['gauge', 'process_max_fds'],
] as const;

/**
 * CPU, memory, file descriptors and start time of any process on this Linux
 * host, read from `/proc/<pid>` at each scrape, as the Python client's
 * ProcessCollector does: for a worker, a sidecar or a child process this
 * program supervises. When the process is gone (no such PID, or exited and
 * not yet reaped), its series are absent from the scrape; nothing throws.
 * Values the process's owner keeps private (another user's descriptors) are
 * left out the same way.
 */
export class ProcessCollector implements Collector {
  private readonly prefix: string;
  private readonly pid: () => ProcessId | Promise<ProcessId>;
  private readonly proc: string;
  private bootTime: Promise<number | undefined> | undefined;

  constructor(options: ProcessCollectorOptions = {}) {
    const { namespace = '', pid = 'self', proc = '/proc' } = options;
    if (typeof namespace !== 'string' || (namespace !== '' && !validateMetricName(`${namespace}_process`))) {
      throw new MetricConfigError(
        `ProcessCollector: namespace ${describeValue(namespace)} would make invalid metric names (use letters, digits, '_' and ':')`,
      );
    }
    this.prefix = namespace === '' ? '' : `${namespace}_`;
    if (typeof pid !== 'function') checkProcessId(pid);
    this.pid = typeof pid === 'function' ? pid : () => pid;
    this.proc = proc;
    for (const registry of options.registers ?? [getDefaultRegistry()]) registry.registerCollector(this);
  }

  describe(): readonly string[] {
    return FAMILIES.flatMap(([type, name]) => sampleNamesOf(type, this.prefix + name));
  }

  async collect(): Promise<MetricFamily[]> {
    const pid = checkProcessId(await this.pid());
    if (pid === undefined || pid === null) return [];
    const dir = `${this.proc}/${pid}`;
    const [statText, status, limits, fds, bootTime] = await Promise.all([
      readText(`${dir}/stat`),
      readText(`${dir}/status`),
      readText(`${dir}/limits`),
      countEntries(`${dir}/fd`),
      (this.bootTime ??= readText(`${this.proc}/stat`).then((text) => parsed(text, parseBootTime))),
    ]);
    const stat = parsed(statText, parseProcStat);
    // Zombie (exited, not reaped) or dead: the process is gone, whatever is left of its entry.
    if (stat === undefined || stat.state === 'Z' || stat.state === 'X') return [];
    const families: MetricFamily[] = [
      new CounterMetricFamily(
        `${this.prefix}process_cpu_seconds_total`,
        'Total user and system CPU time spent in seconds.',
        { value: stat.cpuSeconds },
      ),
    ];
    const gauge = (name: string, help: string, value: number | undefined) => {
      if (value !== undefined) families.push(new GaugeMetricFamily(this.prefix + name, help, { value }));
    };
    gauge(
      'process_start_time_seconds',
      'Start time of the process since unix epoch in seconds.',
      bootTime === undefined ? undefined : bootTime + stat.startedAfterBootSeconds,
    );
    gauge(
      'process_virtual_memory_bytes',
      'Virtual memory size in bytes.',
      parsed(status, (text) => statusBytes(text, 'VmSize')),
    );
    gauge(
      'process_resident_memory_bytes',
      'Resident memory size in bytes.',
      parsed(status, (text) => statusBytes(text, 'VmRSS')),
    );
    // Reading our own fd directory holds one descriptor open while it runs.
    const ownDescriptor = pid === 'self' || pid === process.pid ? 1 : 0;
    gauge(
      'process_open_fds',
      'Number of open file descriptors.',
      fds === undefined ? undefined : fds - ownDescriptor,
    );
    gauge('process_max_fds', 'Maximum number of open file descriptors.', parsed(limits, maxOpenFiles));
    return families;
  }
}

function checkProcessId(pid: unknown): ProcessId {
  if (pid === undefined || pid === null || pid === 'self') return pid;
  if (typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 0) return pid;
  throw new MetricConfigError(
    `ProcessCollector: pid must be a positive integer, 'self', or undefined while there is no process, got ${describeValue(pid)}`,
  );
}

function parsed<T>(text: string | undefined, parse: (text: string) => T | undefined): T | undefined {
  return text === undefined ? undefined : parse(text);
}

/** A file's text, or undefined when it cannot be read (gone, not Linux, not ours to read). */
function readText(path: string): Promise<string | undefined> {
  try {
    return procFs()
      .readFile(path, 'utf8')
      .catch(() => undefined);
  } catch {
    return Promise.resolve(undefined);
  }
}

async function countEntries(path: string): Promise<number | undefined> {
  try {
    return (await procFs().readdir(path)).length;
  } catch {
    return undefined;
  }
}
