import {
  getDefaultRegistry,
  MetricConfigError,
  type PrometheusContentType,
  Registry,
  type RegistryContentType,
} from '../../core';
import { AggregatedCollector } from '../aggregated-collector';
import { bytes, milliseconds } from '../options';
import { processIdentity } from '../process-start';
import { SnapshotTaker } from '../take-snapshot';
import { DEFAULT_MAX_FILE_BYTES } from './directory-file';
import { DirectoryReader } from './directory-reader';
import { DirectoryWriter } from './directory-writer';
import { WriteErrorsCollector } from './write-errors-collector';
import { claimWrittenRegistries } from './written-registries';

/** The environment variable that names the shared directory when no `dir` is given. */
export const MULTIPROCESS_DIR_ENV = 'PROMKIT_MULTIPROC_DIR';

/** `startMultiprocessDirectory`'s options: the shared directory, the registries, and how often to write and read. */
export interface MultiprocessDirectoryOptions<T extends RegistryContentType = PrometheusContentType> {
  /** The shared directory (created if missing); default: `$PROMKIT_MULTIPROC_DIR`. */
  dir?: string;
  /** The registries this process reports (default: the global registry). */
  registries?: Registry<any>[];
  /**
   * How often this process writes its file, in milliseconds (default 1000).
   * Other processes' scrapes see it at most this late.
   */
  flushInterval?: number;
  /** `false`: read only, write no file (a process that only serves the view, such as `promkit serve`). */
  write?: boolean;
  /** How long a scrape may spend reading the directory, in milliseconds (default 2000). */
  timeout?: number;
  /**
   * Files larger than this many bytes are refused unread (default 64 MiB; a
   * snapshot of 100,000 labelled histogram series is about 7 MB).
   */
  maxFileBytes?: number;
  /** Content type of the `aggregated` registry. */
  contentType?: T;
  /** Told about unwritable directories and refused files; default one console warning each. */
  onWarning?: (message: string) => void;
}

/**
 * The shared-directory mode for apps whose processes have no common parent
 * that could aggregate (PM2 cluster mode, several `node` processes behind a
 * load balancer, a Nest app started N times): each process writes its own
 * file, and any of them serves the merged view of all.
 */
export class MultiprocessDirectory<T extends RegistryContentType = PrometheusContentType> {
  readonly dir: string;
  /** The merged view as a registry: pass it to `metricsHandler`, `startHttpServer` or `MetricsModule`. */
  readonly aggregated: Registry<T>;
  /** This process's file in `dir`, when it writes one. */
  readonly fileName: string | undefined;
  private readonly writer: DirectoryWriter | undefined;

  constructor(options: MultiprocessDirectoryOptions<T> = {}) {
    const owner = 'MultiprocessDirectory';
    const dir = options.dir ?? process.env[MULTIPROCESS_DIR_ENV];
    if (typeof dir !== 'string' || dir === '') {
      throw new MetricConfigError(
        `${owner}: give a directory with the dir option or the ${MULTIPROCESS_DIR_ENV} environment variable`,
      );
    }
    this.dir = dir;
    const flushInterval = milliseconds(owner, 'flushInterval', options.flushInterval, 1000, 10);
    const timeout = milliseconds(owner, 'timeout', options.timeout, 2000, 1);
    const maxFileBytes = bytes(owner, 'maxFileBytes', options.maxFileBytes, DEFAULT_MAX_FILE_BYTES);
    const warn = options.onWarning ?? ((message: string) => console.warn(`promkit: ${message}`));
    const registries = options.registries ?? [getDefaultRegistry()];
    const taker = new SnapshotTaker(processIdentity(String(process.pid)), () => registries);
    if (options.write !== false) {
      this.writer = new DirectoryWriter(dir, taker, flushInterval, warn);
      this.fileName = this.writer.fileName;
      claimWrittenRegistries(dir, registries, this.writer.fileName);
    }
    const reader = new DirectoryReader(
      dir,
      this.writer ? { fileName: this.writer.fileName, taker } : undefined,
      timeout,
      maxFileBytes,
    );
    this.aggregated = new Registry<T>(options.contentType, { strict: true });
    this.aggregated.registerCollector(new AggregatedCollector('directory', () => reader.gather(), warn));
    const writer = this.writer;
    if (writer) this.aggregated.registerCollector(new WriteErrorsCollector(() => writer.failedWrites));
    this.writer?.start();
  }

  /** Writes this process's file now, rather than at the next interval. */
  async flush(): Promise<void> {
    await this.writer?.flush();
  }

  /**
   * Stops writing and writes a last file marking this process as exited: its
   * counters stay in the merged view, its live gauges leave it.
   */
  async stop(): Promise<void> {
    await this.writer?.stop();
  }
}

/** Starts the shared-directory mode for this process; see `MultiprocessDirectory`. */
export function startMultiprocessDirectory<T extends RegistryContentType = PrometheusContentType>(
  options: MultiprocessDirectoryOptions<T> = {},
): MultiprocessDirectory<T> {
  return new MultiprocessDirectory(options);
}
