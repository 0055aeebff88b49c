import { SeriesBase, type SeriesParent } from './series';

let latest = Date.now();

/** The time in ms, as one shared number for every call in the same millisecond. */
function sharedNow(): number {
  const now = Date.now();
  if (now !== latest) latest = now;
  return latest;
}

/**
 * A series that knows when it was created or last reset: the `_created`
 * sample of OpenMetrics and the start time of OTLP and Remote Write points.
 */
export abstract class CreatedSeries<P extends SeriesParent = SeriesParent> extends SeriesBase<P> {
  /**
   * Milliseconds since the epoch. Set to `null` first so V8 keeps the field a
   * reference rather than a number box of the series' own: series stamped in
   * the same millisecond then share one number, 16 B a series saved when many
   * are created at once.
   */
  created: number = null as unknown as number;

  constructor(metric: P, labelValues: readonly string[], labelNames?: readonly string[]) {
    super(metric, labelValues, labelNames);
    this.created = sharedNow();
  }

  /** Created anew: a reset starts the series' count again. */
  protected restamp(): void {
    this.created = sharedNow();
  }
}
