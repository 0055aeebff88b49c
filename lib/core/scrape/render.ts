import type { ExpositionWriter } from '../../exposition/exposition-writer';
import type { MetricFamily } from '../../model';

/** Families are written in pieces of about this many series, yielding to the event loop between them. */
export const SERIES_PER_PIECE = 5000;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Writes families with a format's writer, yielding to the event loop between pieces. */
export async function render<Body>(
  families: readonly MetricFamily[],
  writer: ExpositionWriter<Body>,
): Promise<Body> {
  let series = 0;
  for (let i = 0; i < families.length; i++) {
    const family = families[i];
    writer.write(family, 0, family.points.length);
    series += family.points.length;
    if (series >= SERIES_PER_PIECE) {
      series = 0;
      await yieldToEventLoop();
    }
  }
  return writer.end();
}
