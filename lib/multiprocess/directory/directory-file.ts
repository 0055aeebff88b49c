import type { ProcessSnapshot } from '../snapshot';
import { SnapshotError, validateSnapshot } from '../validate-snapshot';
import { directoryCrypto, directoryFs, directoryPath } from './directory-node-modules';
import { readRegularFile } from './read-regular-file';

/** What each process writes to its own file in the shared directory. */
export interface DirectoryFile {
  readonly format: typeof FILE_FORMAT;
  /** How often the writer flushes (ms): a file older than a few of these belongs to a stuck process. */
  readonly flushInterval: number;
  /** See `processStartTicks`. */
  readonly startTicks?: string;
  readonly snapshot: ProcessSnapshot;
}

export const FILE_FORMAT = 'promkit-directory/1';
const FILE_PATTERN = /^promkit-\d+-\d+-[0-9a-f]+\.json$/;
/**
 * Files larger than this are refused unread (the `maxFileBytes` option): a
 * snapshot of 100,000 labelled histogram series is about 7 MB.
 */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Every file a writer makes starts so (JSON.stringify keeps the key order of `fileOf`). */
const FILE_HEADER = Buffer.from(`{"format":"${FILE_FORMAT}",`);

/** A file name unique to this process instance, even when a later process reuses the pid. */
export function fileNameFor(pid: number, startedAt: number): string {
  const { randomBytes } = directoryCrypto();
  return `promkit-${pid}-${startedAt}-${randomBytes(4).toString('hex')}.json`;
}

export function isSnapshotFile(name: string): boolean {
  return FILE_PATTERN.test(name);
}

/**
 * Written to a temporary name and renamed into place, so a reader sees the
 * previous file or the new one, never half of one.
 */
export function writeDirectoryFileSync(dir: string, name: string, file: DirectoryFile): void {
  const { renameSync, writeFileSync } = directoryFs();
  const { join } = directoryPath();
  const temporary = join(dir, `.${name}.tmp`);
  try {
    writeFileSync(temporary, JSON.stringify(file));
    renameSync(temporary, join(dir, name));
  } catch (error) {
    removeQuietly(temporary);
    throw error;
  }
}

/** Half a file on a full disk takes the space the next write needs; the write's own error is what to report. */
function removeQuietly(path: string): void {
  try {
    directoryFs().rmSync(path, { force: true });
  } catch {
    // The directory itself is gone or unusable: there is nothing to remove.
  }
}

/**
 * Reads and checks a file; throws a SnapshotError naming what is wrong, or
 * the system's ENOENT when the file is gone.
 */
export async function readDirectoryFile(path: string, maxBytes: number): Promise<DirectoryFile> {
  const text = await readRegularFile(path, maxBytes, FILE_HEADER);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(`${path}: not JSON (${(error as Error).message.slice(0, 200)})`);
  }
  const file = parsed as Partial<DirectoryFile> | null;
  if (file === null || typeof file !== 'object' || file.format !== FILE_FORMAT) {
    throw new SnapshotError(`${path}: not a promkit metrics file`);
  }
  if (typeof file.flushInterval !== 'number' || !(file.flushInterval > 0)) {
    throw new SnapshotError(`${path}: flushInterval must be a positive number`);
  }
  if (file.startTicks !== undefined && typeof file.startTicks !== 'string') {
    throw new SnapshotError(`${path}: startTicks must be a string`);
  }
  try {
    validateSnapshot(file.snapshot);
  } catch (error) {
    throw new SnapshotError(`${path}: ${(error as Error).message}`);
  }
  return file as DirectoryFile;
}
