import { setImmediate } from 'node:timers';
import type { ExpositionWriter } from '../../exposition/exposition-writer';
import type { MetricFamily } from '../../model';

/** The longest a scrape writes before letting the app's other work run. */
export const SLICE_MS = 5;

/** Series written between two looks at the clock: small enough for a slice, large enough to cost nothing. */
const SERIES_PER_STEP = 256;

/**
 * Node's own setImmediate, not the global one: fake timers in users' tests
 * replace the global, and a scrape awaiting a faked immediate would never end.
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes families with a format's writer, in steps of a few hundred series,
 * yielding to the event loop whenever a slice of time has been spent, also
 * inside a large family. A family written across yields is written from a
 * copy of its points, so series added or removed meanwhile cannot shift it.
 */
export async function render<Body>(
  families: readonly MetricFamily[],
  writer: ExpositionWriter<Body>,
): Promise<Body> {
  let sliceStart = performance.now();
  for (let i = 0; i < families.length; i++) {
    let family = families[i];
    const n = family.points.length;
    if (n <= SERIES_PER_STEP) {
      writer.write(family, 0, n);
    } else {
      family = { ...family, points: family.points.slice() } as MetricFamily;
      for (let from = 0; from < n; from += SERIES_PER_STEP) {
        writer.write(family, from, Math.min(n, from + SERIES_PER_STEP));
        if (performance.now() - sliceStart >= SLICE_MS) {
          await yieldToEventLoop();
          sliceStart = performance.now();
        }
      }
      continue;
    }
    if (performance.now() - sliceStart >= SLICE_MS) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
  return writer.end();
}
