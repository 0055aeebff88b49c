import { type ExpositionWriter, writtenFromCopy } from '../../exposition';
import type { MetricFamily } from '../../model';
import { copyInSteps } from './points-copy';
import { TimeSlice } from './time-slice';

/** Series written between two looks at the clock: small enough for a slice, large enough to cost nothing. */
const SERIES_PER_STEP = 256;

/**
 * Writes families with a format's writer, in steps of a few hundred series,
 * yielding to the event loop whenever a slice of time has been spent, also
 * inside a large family. A family written across yields is written from a
 * copy of its points (itself taken in steps), so series added or removed
 * meanwhile cannot shift it.
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
      const live = family.points as readonly MetricFamily['points'][number][];
      const points = writtenFromCopy(await copyInSteps(live, slice), live);
      family = { ...family, points } as MetricFamily;
      // At least one piece: the header is written even if every series went meanwhile.
      let from = 0;
      do {
        const to = Math.min(points.length, from + SERIES_PER_STEP);
        writer.write(family, from, to);
        from = to;
        if (slice.spent()) await slice.next();
      } while (from < points.length);
      continue;
    }
    if (slice.spent()) await slice.next();
  }
  return writer.end();
}
