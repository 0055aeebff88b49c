import { performance } from 'node:perf_hooks';
import { trackCall } from './call-tracking';

/**
 * A monotonic reading in milliseconds. `performance.now()` is the cheapest
 * monotonic clock Node offers: `process.hrtime.bigint()` allocates a BigInt per
 * reading and its difference another, which costs more than the reading itself.
 */
export function now(): number {
  return performance.now();
}

/** Seconds elapsed since `start` (a `now()` reading). */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
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
