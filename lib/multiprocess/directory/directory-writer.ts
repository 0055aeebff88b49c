import { totalName } from '../../model';
import { onProcessExit } from '../exit-hooks';
import type { SnapshotTaker } from '../take-snapshot';
import { type DirectoryFile, FILE_FORMAT, fileNameFor, writeDirectoryFileSync } from './directory-file';
import { directoryFs } from './directory-node-modules';
import { processStartTicks } from './liveness';
import { WRITE_ERRORS_FAMILY } from './write-errors-collector';

/** After failed writes, retries wait a flush interval, then twice as long each time, up to this. */
const MAX_RETRY_MS = 30_000;

/**
 * Writes this process's snapshot to its own file in the shared directory:
 * every `flushInterval` from a timer, off the metrics' hot path, and once
 * more when the process exits (normally, by an exception, or by
 * SIGTERM/SIGINT/SIGHUP). Only a process killed without warning (SIGKILL, the
 * OOM killer) loses what it recorded since its last flush.
 *
 * Collecting is asynchronous, writing is not: a write is one small file
 * renamed into place, and writing synchronously means the last write at exit
 * can never be overtaken by an earlier one still in flight.
 */
export class DirectoryWriter {
  readonly fileName: string;
  private timer: NodeJS.Timeout | undefined = undefined;
  private writing: Promise<void> | undefined = undefined;
  private removeExitHook: (() => void) | undefined = undefined;
  private readonly startTicks = processStartTicks(process.pid);
  /** Failures in a row: they space the retries out. */
  private failures = 0;
  private failedTotal = 0;
  private retryAt = 0;
  private directoryMade = false;
  private finished = false;

  constructor(
    readonly dir: string,
    private readonly taker: SnapshotTaker,
    readonly flushInterval: number,
    private readonly warn: (message: string) => void,
  ) {
    this.fileName = fileNameFor(taker.identity.pid, taker.identity.startedAt);
  }

  /**
   * Writes the first file before returning, creating the directory if needed.
   * A directory that cannot be written (full, read-only, not a directory) is
   * reported and retried, never thrown: the app runs on without it.
   */
  start(): void {
    this.tryWrite(this.taker.takeSync(false));
    // Soon with what asynchronous collectors add; after a failure, when the retry is due.
    if (this.failures === 0) void this.flush();
    this.timer = setInterval(() => this.onTimer(), this.flushInterval);
    this.timer.unref();
    this.removeExitHook = onProcessExit(() => this.finish());
  }

  /** Writes that failed since the process started (`promkit_directory_write_errors_total`). */
  get failedWrites(): number {
    return this.failedTotal;
  }

  /** Writes a current snapshot now (flushes never overlap). */
  flush(): Promise<void> {
    this.writing ??= this.write().finally(() => {
      this.writing = undefined;
    });
    return this.writing;
  }

  /** Stops flushing and writes the last snapshot, marked final: the process counts as exited from now on. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.removeExitHook?.();
    this.removeExitHook = undefined;
    await this.writing;
    const last = await this.taker.take(true);
    if (this.finished) return;
    this.finished = true;
    this.tryWrite(last);
  }

  private onTimer(): void {
    if (this.failures > 0 && Date.now() < this.retryAt) return;
    void this.flush();
  }

  private async write(): Promise<void> {
    let snapshot: DirectoryFile['snapshot'];
    try {
      snapshot = await this.taker.take();
    } catch (error) {
      this.failed(error);
      return;
    }
    if (this.finished) return;
    this.tryWrite(snapshot);
  }

  private tryWrite(snapshot: DirectoryFile['snapshot']): void {
    try {
      this.writeSync(snapshot);
    } catch (error) {
      this.failed(error);
      return;
    }
    if (this.failures > 0)
      this.warn(`writing metrics to ${this.dir} again, after ${this.failures} failed attempts`);
    this.failures = 0;
  }

  /**
   * A full disk or an unwritable directory must not take the app down: say so
   * once per run of failures, and wait longer after each before trying again.
   */
  private failed(error: unknown): void {
    this.failedTotal++;
    if (this.failures++ === 0) {
      this.warn(
        `cannot write metrics to ${this.dir}: ${(error as Error).message}; trying again with backoff (counted in ${totalName(WRITE_ERRORS_FAMILY)})`,
      );
    }
    this.retryAt = Date.now() + Math.min(this.flushInterval * 2 ** (this.failures - 1), MAX_RETRY_MS);
  }

  /** The last write of an exiting process: synchronous, and nothing is written after it. */
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    try {
      this.writeSync(this.taker.takeSync(true));
    } catch {
      // Exiting: nothing useful can be done about a failed last write.
    }
  }

  private writeSync(snapshot: DirectoryFile['snapshot']): void {
    try {
      // Made at the first write, and again after a failure: the directory may have been removed.
      if (!this.directoryMade) directoryFs().mkdirSync(this.dir, { recursive: true });
      this.directoryMade = true;
      writeDirectoryFileSync(this.dir, this.fileName, this.fileOf(snapshot));
    } catch (error) {
      this.directoryMade = false;
      throw error;
    }
  }

  private fileOf(snapshot: DirectoryFile['snapshot']): DirectoryFile {
    return {
      format: FILE_FORMAT,
      flushInterval: this.flushInterval,
      ...(this.startTicks !== undefined ? { startTicks: this.startTicks } : {}),
      snapshot,
    };
  }
}
