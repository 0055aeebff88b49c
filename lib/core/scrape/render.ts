import { type ExpositionWriter, pointsToWrite } from '../../exposition';
import type { MetricFamily } from '../../model';
import { TimeSlice } from './time-slice';

/** Series written between two looks at the clock: small enough for a slice, large enough to cost nothing. */
const SERIES_PER_STEP = 256;

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
  const slice = new TimeSlice();
  for (let i = 0; i < families.length; i++) {
    let family = families[i];
    const n = family.points.length;
    if (n <= SERIES_PER_STEP) {
      writer.write(family, 0, n);
    } else {
      family = { ...family, points: pointsToWrite(family.points) } as MetricFamily;
      for (let from = 0; from < n; from += SERIES_PER_STEP) {
        writer.write(family, from, Math.min(n, from + SERIES_PER_STEP));
        if (slice.spent()) await slice.next();
      }
      continue;
    }
    if (slice.spent()) await slice.next();
  }
  return writer.end();
}
