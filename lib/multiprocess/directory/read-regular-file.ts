import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { SnapshotError } from '../validate-snapshot';
import { directoryFs, directoryFsPromises } from './directory-node-modules';

/** Read in steps of this size, each its own thread-pool job, so a large file never holds a thread long. */
const READ_CHUNK_BYTES = 1024 * 1024;
/**
 * Opening must not wait: a FIFO would block the open (and the thread-pool
 * thread doing it) until some process writes to it; a terminal must not
 * become this process's controlling one.
 */
function openFlags(): number {
  const { constants } = directoryFs();
  return constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;
}

/**
 * A file's text, read only if it is a regular file (checked on the open
 * handle, so nothing can be swapped in between), no larger than `maxBytes`,
 * and starting with `header`: anything else in a shared directory (a FIFO, a
 * link to a device, a stray large file) is refused without waiting on it or
 * reading it whole. Throws a SnapshotError naming what is wrong, or the
 * system's ENOENT when the file is gone.
 */
export async function readRegularFile(path: string, maxBytes: number, header: Buffer): Promise<string> {
  let handle: FileHandle;
  try {
    const { open } = directoryFsPromises();
    handle = await open(path, openFlags());
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new SnapshotError(`${path}: not a regular file (${kindOf(info)})`);
    if (info.size > maxBytes)
      throw new SnapshotError(
        `${path}: ${info.size} bytes, more than the ${maxBytes} allowed (maxFileBytes)`,
      );
    const buffer = Buffer.allocUnsafe(info.size);
    let filled = 0;
    while (filled < info.size) {
      const { bytesRead } = await handle.read(
        buffer,
        filled,
        Math.min(READ_CHUNK_BYTES, info.size - filled),
        filled,
      );
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (!startsWith(buffer.subarray(0, filled), header))
        throw new SnapshotError(`${path}: not a promkit metrics file`);
    }
    return buffer.toString('utf8', 0, filled);
  } catch (error) {
    throw error instanceof SnapshotError ? error : unreadable(path, error);
  } finally {
    await handle.close();
  }
}

/** Whether what was read so far agrees with `header` (a short file is judged by the bytes it has). */
function startsWith(start: Buffer, header: Buffer): boolean {
  const length = Math.min(start.length, header.length);
  return start.subarray(0, length).equals(header.subarray(0, length));
}

/** The system's own words (EACCES, EIO, ENXIO...): such a file is unreadable, not malformed. */
function unreadable(path: string, error: unknown): Error {
  const { code, syscall, message } = error as NodeJS.ErrnoException;
  if (code === 'ENOENT') return error as Error;
  // Node's message ends with the call and the path, already named here.
  const cut = syscall ? message.lastIndexOf(`, ${syscall}`) : -1;
  const reason = cut > 0 ? message.slice(0, cut) : message;
  return new SnapshotError(`cannot read ${path}: ${reason}`);
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'directory';
  if (info.isFIFO()) return 'FIFO';
  if (info.isSocket()) return 'socket';
  if (info.isCharacterDevice()) return 'character device';
  if (info.isBlockDevice()) return 'block device';
  return 'not a file';
}
