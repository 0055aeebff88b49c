/**
 * Parsing of Linux `/proc/<pid>` files for the ProcessCollector.
 *
 * Times in `/proc/<pid>/stat` are in clock ticks of USER_HZ, which the kernel
 * fixes at 100 for user space on every architecture Node runs on (the
 * configurable tick rate, CONFIG_HZ, is scaled to it), so no sysconf call is
 * needed to read them.
 */
export const CLOCK_TICKS_PER_SECOND = 100;

/** What the collector reads from `/proc/<pid>/stat`. */
export interface ProcStat {
  /** One letter: R running, S sleeping, Z zombie, X dead... */
  readonly state: string;
  /** User plus system CPU time, in seconds. */
  readonly cpuSeconds: number;
  /** Seconds after boot when the process started. */
  readonly startedAfterBootSeconds: number;
}

// Field numbers as in proc(5); the second, (comm), may contain spaces and parentheses.
const STATE = 3;
const UTIME = 14;
const STIME = 15;
const STARTTIME = 22;

/** Reads a `/proc/<pid>/stat` line; undefined when it is not one. */
export function parseProcStat(text: string): ProcStat | undefined {
  const commEnd = text.lastIndexOf(')');
  if (commEnd < 0) return undefined;
  // After "(comm) " the fields are plain numbers and the state letter, starting at field 3.
  const fields = text
    .slice(commEnd + 2)
    .trim()
    .split(' ');
  const field = (n: number) => fields[n - STATE];
  const ticks = (n: number) => Number(field(n));
  const utime = ticks(UTIME);
  const stime = ticks(STIME);
  const starttime = ticks(STARTTIME);
  if (![utime, stime, starttime].every(Number.isFinite) || field(STATE) === undefined) return undefined;
  return {
    state: field(STATE),
    cpuSeconds: (utime + stime) / CLOCK_TICKS_PER_SECOND,
    startedAfterBootSeconds: starttime / CLOCK_TICKS_PER_SECOND,
  };
}

/** The `btime` line of `/proc/stat`: when the machine booted, in seconds since the epoch. */
export function parseBootTime(text: string): number | undefined {
  const match = /^btime\s+(\d+)$/m.exec(text);
  return match ? Number(match[1]) : undefined;
}
