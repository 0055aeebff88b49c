import { realSetImmediate } from '../real-timers';

/** The longest a scrape works (writes, merges) before letting the app's other work run. */
export const SLICE_MS = 5;

/** A real immediate: a scrape awaiting one faked by an app's tests would never end. */
const yieldToEventLoop = () => new Promise<void>((resolve) => realSetImmediate(resolve));

/**
 * Paces long synchronous work: the worker asks `spent()` between small steps
 * and, when a slice of time has gone, awaits `next()`, which lets the event
 * loop run before the next slice starts.
 */
export class TimeSlice {
  private start = performance.now();

  spent(): boolean {
    return performance.now() - this.start >= SLICE_MS;
  }

  async next(): Promise<void> {
    await yieldToEventLoop();
    this.start = performance.now();
  }
}
