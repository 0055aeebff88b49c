import { mkdirSync } from 'node:fs';
import { onProcessExit } from '../exit-hooks';
import type { SnapshotTaker } from '../take-snapshot';
import { type DirectoryFile, FILE_FORMAT, fileNameFor, writeDirectoryFileSync } from './directory-file';
import { processStartTicks } from './liveness';

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
  private failures = 0;
  private finished = false;

  constructor(
    readonly dir: string,
    private readonly taker: SnapshotTaker,
    readonly flushInterval: number,
    private readonly warn: (message: string) => void,
  ) {
    this.fileName = fileNameFor(taker.identity.pid, taker.identity.startedAt);
  }

  /** Creates the directory if needed and writes the first file before returning. */
  start(): void {
    mkdirSync(this.dir, { recursive: true });
    this.writeSync(this.taker.takeSync(false));
    void this.flush();
    this.timer = setInterval(() => void this.flush(), this.flushInterval);
    this.timer.unref();
    this.removeExitHook = onProcessExit(() => this.finish());
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
    this.writeSync(last);
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
    try {
      this.writeSync(snapshot);
      this.failures = 0;
    } catch (error) {
      this.failed(error);
    }
  }

  /** A full disk or a removed directory must not take the app down; say so once per run of failures. */
  private failed(error: unknown): void {
    if (this.failures++ === 0) this.warn(`cannot write metrics to ${this.dir}: ${(error as Error).message}`);
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
    writeDirectoryFileSync(this.dir, this.fileName, this.fileOf(snapshot));
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
