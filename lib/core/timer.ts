import { trackCall } from './call-tracking';

/** Seconds elapsed since `start` (a `process.hrtime.bigint()` reading). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export function now(): bigint {
  return process.hrtime.bigint();
}

/**
 * Starts timing now; the returned function hands the elapsed seconds (and
 * whatever the caller passes) to `record`, and returns the seconds.
 */
export function startTiming<A extends unknown[]>(
  record: (seconds: number, ...args: A) => void,
): (...args: A) => number {
  const start = now();
  return (...args) => {
    const seconds = secondsSince(start);
    record(seconds, ...args);
    return seconds;
  };
}

/** Runs `fn` and records its duration in seconds once the call has really ended. */
export function timeCall<R>(fn: () => R, record: (seconds: number) => void): R {
  const start = now();
  return trackCall(fn, { end: () => record(secondsSince(start)) });
}
