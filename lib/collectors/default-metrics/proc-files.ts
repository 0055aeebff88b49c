import type { FileHandle } from 'node:fs/promises';
import { nodeBuiltin } from '../../core';

type FsPromises = typeof import('node:fs/promises');

/**
 * Linux `/proc/self` readers. They are async so a scrape never blocks the
 * event loop on the file system, and they resolve to undefined where `/proc`
 * is missing or unreadable: those metrics are then simply absent.
 */
const HAS_PROC = process.platform === 'linux';

let fsPromises: FsPromises | undefined;

/** `node:fs/promises`, loaded at the first read: only Linux has /proc to read. */
export function procFs(): FsPromises {
  fsPromises ??= nodeBuiltin('node:fs/promises', 'reading /proc');
  return fsPromises;
}

/**
 * Re-reads one `/proc/self` file with open, one positioned read and close:
 * three trips to libuv's thread pool where `readFile` takes four (open, stat,
 * read, close). The descriptor is closed after every read, never kept between
 * scrapes: a registry dropped without `stop()` would otherwise leave it to the
 * garbage collector, which Node warns about (DEP0137) and will refuse.
 */
export class ProcFileReader {
  private buffer = Buffer.alloc(4096);
  private stopped = false;

  constructor(private readonly name: string) {}

  async read(): Promise<string | undefined> {
    if (!HAS_PROC || this.stopped) return undefined;
    let handle: FileHandle | undefined;
    try {
      handle = await procFs().open(`/proc/self/${this.name}`, 'r');
      // /proc files report size 0, so read at offset 0 into a buffer that grows until the file fits.
      for (;;) {
        const { bytesRead } = await handle.read(this.buffer, 0, this.buffer.length, 0);
        if (bytesRead < this.buffer.length) return this.buffer.toString('utf8', 0, bytesRead);
        this.buffer = Buffer.alloc(this.buffer.length * 2);
      }
    } catch {
      return undefined;
    } finally {
      await handle?.close().catch(() => {});
    }
  }

  /** Reads nothing more; a read in flight still closes its descriptor. */
  stop(): void {
    this.stopped = true;
  }
}

/**
 * Runs one registry's `/proc/self` reads one at a time, so the descriptor
 * count never includes a descriptor another of its reads holds open for a moment.
 */
export class ProcReadQueue {
  private last: Promise<unknown> = Promise.resolve();

  run<T>(read: () => Promise<T>): Promise<T> {
    const next = this.last.then(read);
    this.last = next.catch(() => {});
    return next;
  }
}

/** A `/proc/self` file that rarely changes, re-read at most once per `ttlMs`. */
export class CachedProcFile {
  private value: Promise<string | undefined> | undefined;
  private readAt = 0;

  constructor(
    private readonly name: string,
    private readonly ttlMs: number,
  ) {}

  read(): Promise<string | undefined> {
    const now = Date.now();
    if (this.value === undefined || now - this.readAt > this.ttlMs) {
      this.readAt = now;
      this.value = HAS_PROC
        ? procFs()
            .readFile(`/proc/self/${this.name}`, 'utf8')
            .catch(() => undefined)
        : Promise.resolve(undefined);
    }
    return this.value;
  }
}

/** Entries of a `/proc/self` directory; the reader's own descriptor is among them while it runs. */
export async function countProcDirectory(name: string): Promise<number | undefined> {
  if (!HAS_PROC) return undefined;
  try {
    return (await procFs().readdir(`/proc/self/${name}`)).length;
  } catch {
    return undefined;
  }
}

/** A `Key:   value kB` line of /proc/self/status, in bytes. */
export function statusBytes(status: string, key: string): number | undefined {
  const match = new RegExp(`^${key}:\\s*(\\d+)\\s*kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** The soft limit of `Max open files` in /proc/self/limits; undefined when unlimited or missing. */
export function maxOpenFiles(limits: string): number | undefined {
  const match = /^Max open files\s+(\d+)/m.exec(limits);
  return match ? Number(match[1]) : undefined;
}
