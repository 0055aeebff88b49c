import type { Gathered, WorkerCounts } from '../aggregated-collector';
import type { MergeSource, SnapshotSource } from '../merge/merge-snapshots';
import type { SnapshotTaker } from '../take-snapshot';
import { type DirectoryFile, isSnapshotFile, readDirectoryFile } from './directory-file';
import { directoryFsPromises, directoryPath } from './directory-node-modules';
import { isRunning } from './liveness';

/** A file is current while it is younger than this many of its writer's flush intervals. */
const STALE_AFTER_FLUSHES = 3;
/** ...and this much extra, for a loaded machine. */
const STALE_GRACE_MS = 1000;

interface Cached {
  readonly mtimeMs: number;
  readonly size: number;
  readonly file: DirectoryFile;
}

/** What the reader's own process contributes: its fresh snapshot instead of its last file. */
export interface OwnFile {
  readonly fileName: string;
  readonly taker: SnapshotTaker;
}

/**
 * Reads every process's file in the shared directory for a scrape. A file
 * whose writer still runs is current if it was flushed recently (the scrape
 * sees that process at most one flush interval late), late if the process
 * has stopped flushing (stuck), and exited if the process is gone or said
 * goodbye. Unchanged files are parsed once; bad files are skipped and
 * reported, never fatal. The reading has a deadline: files not read in time
 * are left out of that scrape.
 */
export class DirectoryReader {
  private readonly cache = new Map<string, Cached>();
  private readonly refused = new Map<string, number>();

  constructor(
    readonly dir: string,
    private readonly own: OwnFile | undefined,
    private readonly timeoutMs: number,
    private readonly maxFileBytes: number,
  ) {}

  async gather(): Promise<Gathered> {
    const rejected: string[] = [];
    // This process's own metrics are merged from their families: no snapshot of them is taken.
    const ownFamilies = this.own?.taker.families();
    const names = (await this.list(rejected))
      .filter((n) => isSnapshotFile(n) && n !== this.own?.fileName)
      .sort();
    const files = await this.readAll(names, rejected);
    const now = Date.now();
    const workers: WorkerCounts = { answered: 0, late: 0, silent: 0, exited: 0 };
    const live: SnapshotSource[] = [];
    const exited: SnapshotSource[] = [];
    for (const file of files) {
      const { snapshot } = file;
      if (snapshot.final || !isRunning(snapshot.pid, file.startTicks)) {
        workers.exited++;
        exited.push({ snapshot, live: false });
        continue;
      }
      const current = now - snapshot.takenAt <= file.flushInterval * STALE_AFTER_FLUSHES + STALE_GRACE_MS;
      if (current) workers.answered++;
      else workers.late++;
      live.push({ snapshot, live: true });
    }
    const own: MergeSource[] = ownFamilies ? [{ families: await ownFamilies, live: true }] : [];
    return { sources: [...own, ...live, ...exited], workers, rejected };
  }

  /**
   * No directory yet means no process has written to it yet. One that cannot
   * be listed is reported, and the scrape shows this process alone.
   */
  private async list(rejected: string[]): Promise<string[]> {
    try {
      return await directoryFsPromises().readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        rejected.push(`cannot list ${this.dir}: ${(error as Error).message}`);
      return [];
    }
  }

  private async readAll(names: readonly string[], rejected: string[]): Promise<DirectoryFile[]> {
    const files: (DirectoryFile | undefined)[] = new Array(names.length);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.timeoutMs);
    });
    const reads = Promise.all(
      names.map(async (name, i) => {
        files[i] = await this.read(name, rejected);
      }),
    );
    await Promise.race([reads, deadline]);
    clearTimeout(timer);
    this.forget(names);
    return files.filter((f): f is DirectoryFile => f !== undefined);
  }

  private async read(name: string, rejected: string[]): Promise<DirectoryFile | undefined> {
    const path = directoryPath().join(this.dir, name);
    try {
      const info = await directoryFsPromises().stat(path);
      const cached = this.cache.get(name);
      if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.file;
      if (this.refused.get(name) === info.mtimeMs) return undefined;
      const file = await readDirectoryFile(path, this.maxFileBytes);
      this.cache.set(name, { mtimeMs: info.mtimeMs, size: info.size, file });
      return file;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Renamed over or removed between listing and reading: the next scrape sees the new file.
      if (code === 'ENOENT') return undefined;
      const info = await directoryFsPromises()
        .stat(path)
        .catch(() => undefined);
      if (info) this.refused.set(name, info.mtimeMs);
      rejected.push((error as Error).message);
      return undefined;
    }
  }

  /** Drops cache entries of files that are gone. */
  private forget(present: readonly string[]): void {
    const names = new Set(present);
    for (const name of this.cache.keys()) if (!names.has(name)) this.cache.delete(name);
    for (const name of this.refused.keys()) if (!names.has(name)) this.refused.delete(name);
  }
}
