import { realClearInterval, realPerformance, realSetInterval } from './real-timers';
import { unrefTimer } from './unref-timer';

/**
 * A coarse clock for exemplar sampling. Reading a real clock on every
 * `observe()` would cost more than the observation itself, so a timer
 * advances `samplingClock.tick` every interval and a series compares it with
 * the tick of its next allowed sample: one load and one comparison.
 *
 * The timer runs only while exemplars are being sampled: after a while without
 * any, it stops and sets the tick to +Infinity, so the next series to look
 * takes the slow path, which starts it again.
 */

/** How often a series may try to take an exemplar (client_java samples at most every 90 ms). */
export const SAMPLE_INTERVAL_MS = 90;

/** Ticks without any sampling attempt before the timer stops (about 3 s). */
const IDLE_TICKS = 33;

/** `tick` is +Infinity while the timer is stopped. */
export const samplingClock = { tick: Number.POSITIVE_INFINITY };

// Captured now: a test's fake timers replace the globals, and sampling must keep real time.
const monotonicNow = realPerformance.now.bind(realPerformance);
let timer: ReturnType<typeof realSetInterval> | undefined;
let lastUsed = 0;

function realTick(): number {
  return Math.floor(monotonicNow() / SAMPLE_INTERVAL_MS);
}

function advance(): void {
  const tick = realTick();
  if (tick - lastUsed > IDLE_TICKS) {
    stopSamplingClock();
    return;
  }
  samplingClock.tick = tick;
}

/** The current tick, for the slow path: starts the timer when it was stopped and keeps it running. */
export function useSamplingClock(): number {
  if (timer === undefined) {
    samplingClock.tick = realTick();
    timer = unrefTimer(realSetInterval(advance, SAMPLE_INTERVAL_MS));
  }
  lastUsed = samplingClock.tick;
  return lastUsed;
}

/** Stops the timer now (it restarts on the next sampling attempt). */
export function stopSamplingClock(): void {
  if (timer !== undefined) realClearInterval(timer);
  timer = undefined;
  samplingClock.tick = Number.POSITIVE_INFINITY;
}
