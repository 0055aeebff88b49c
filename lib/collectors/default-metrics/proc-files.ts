import { readdir, readFile } from 'node:fs/promises';

/**
 * Linux `/proc/self` readers. They are async so a scrape never blocks the
 * event loop on the file system, and they resolve to undefined where `/proc`
 * is missing or unreadable: those metrics are then simply absent.
 */
const HAS_PROC = process.platform === 'linux';

export async function readProcFile(name: string): Promise<string | undefined> {
  if (!HAS_PROC) return undefined;
  try {
    return await readFile(`/proc/self/${name}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Entries of a `/proc/self` directory; the reader's own descriptor is among them while it runs. */
export async function countProcDirectory(name: string): Promise<number | undefined> {
  if (!HAS_PROC) return undefined;
  try {
    return (await readdir(`/proc/self/${name}`)).length;
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
