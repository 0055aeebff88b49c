import { trackCall } from './instrumentation/track-call';
import { realPerformance } from './real-timers';

/**
 * The `process` object of this module's realm and its own `hrtime`. Fake
 * timers (jest's modern timers, @sinonjs/fake-timers) replace `hrtime` on
 * that object, not the object itself, so comparing the property with the
 * original tells whether a fake clock is installed: one property load, where
 * reading the replaceable `globalThis.performance` goes through an accessor.
 */
const proc = process;
const realHrtime = process.hrtime;

/**
 * A monotonic reading in milliseconds, from the clock a test's fake timers
 * control when they are installed. prom-client times with `process.hrtime`,
 * so tests that advance a fake clock and assert durations keep passing; the
 * fake clock is read at call time, not captured when promkit loads.
 * Otherwise `performance.now()`: the cheapest monotonic clock Node offers
 * (`process.hrtime.bigint()` allocates a BigInt per reading).
 */
export function now(): number {
  return currentClock()();
}

/** Seconds elapsed since `start` (a `now()` reading). */
export function secondsSince(start: number): number {
  return (now() - start) / 1000;
}

/**
 * The clock to time with from now on. A timer picks it once, when it starts,
 * and reads the same clock when it ends: one look at `process` per timer, and
 * no mixed readings if fake timers are installed or removed meanwhile.
 */
function currentClock(): () => number {
  return proc.hrtime === realHrtime ? realClock : fakeClock;
}

function realClock(): number {
  return realPerformance.now();
}

function fakeClock(): number {
  const [seconds, nanoseconds] = proc.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}

/**
 * The key `using` looks up. Node 20 defines `Symbol.dispose`; a runtime
 * without it gets `Symbol.for('Symbol.dispose')`, a symbol a polyfill can
 * install as `Symbol.dispose`, and reading it never throws.
 */
const DISPOSE: typeof Symbol.dispose =
  Symbol.dispose ?? (Symbol.for('Symbol.dispose') as typeof Symbol.dispose);

/**
 * A running timer's end function: call it to record the elapsed seconds
 * (returned too), or hold it with `using` and leaving the scope records them.
 * Leaving the scope ends it once more even if it was called, as calling it
 * twice would.
 */
export type TimerEnd<A extends unknown[] = []> = ((...args: A) => number) & Disposable;

/**
 * Starts timing now; the returned function hands the elapsed seconds (and
 * whatever the caller passes) to `record`, and returns the seconds.
 */
export function startTiming<A extends unknown[]>(record: (seconds: number, ...args: A) => void): TimerEnd<A> {
  const clock = currentClock();
  const start = clock();
  const end = ((...args: A) => {
    const seconds = (clock() - start) / 1000;
    record(seconds, ...args);
    return seconds;
  }) as TimerEnd<A>;
  // Disposing calls the end with no arguments: the labels and exemplar given at start.
  end[DISPOSE] = end as () => void;
  return end;
}

/** Runs `fn` and records its duration in seconds once the call has really ended. */
export function timeCall<R>(fn: () => R, record: (seconds: number) => void): R {
  const clock = currentClock();
  const start = clock();
  return trackCall(fn, { end: () => record((clock() - start) / 1000) });
}
