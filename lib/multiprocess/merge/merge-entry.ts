import type { MultiprocessMode } from '../../core';
import type { MetricType } from '../../model';
import type { SeriesSlot } from './series-slot';
import type { SeriesValueCheck } from './series-value-check';
import type { VectorReader } from './vector-reader';

/** A summary entry's sketches, as far as a family's definition cares. */
export interface SketchesShape {
  /** The relative accuracy of the first sketch, if any series has one. */
  readonly accuracy: number | undefined;
  /** Some series has no sketch (a custom collector's): its quantiles cannot be recomputed. */
  readonly missing: boolean;
  /** Whether some sketch has another relative accuracy than `accuracy`. */
  differsFrom(accuracy: number): boolean;
}

/**
 * One entry of a source as the merge reads it, whether from a snapshot's
 * columns (`wire-entry.ts`) or from a family's points (`points-entry.ts`):
 * what it declares of its family, then its series one by one.
 */
export interface MergeEntry {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly unit?: string;
  readonly otlpName?: string;
  readonly otlpAttributeNames?: Readonly<Record<string, string>>;
  /** The mode the metric declared; absent means the deployment's default for its type. */
  readonly mode?: MultiprocessMode;
  /** A counter's text 0.0.4 name, when not `<name>_total`. */
  readonly textName?: string;
  readonly upperBounds?: readonly number[];
  readonly quantiles?: readonly number[];
  readonly states?: readonly string[];
  readonly sketches?: SketchesShape;
  readonly series: number;
  readonly labelNames: readonly string[];
  /** Value `i` (in `labelNames` order) of series `s`. */
  labelValue(s: number, i: number): string;
  /** Series `s`'s vector: see `SeriesSlot`. */
  readonly read: VectorReader;
  /** Values of series `s` its type cannot have; undefined for types with none. */
  readonly check: SeriesValueCheck | undefined;
  /** When series `s` was created (ms), if known. */
  created(s: number): number | undefined;
  /** When series `s`'s values last changed (ms), for `mostrecent`. */
  changedAt(s: number): number;
  /** Folds in what does not reduce element by element (exemplars, native buckets, sketches); undefined when there is none. */
  readonly absorbExtras: ((slot: SeriesSlot, s: number, taken: boolean) => void) | undefined;
  /**
   * What the slots found for its series are remembered under until the next
   * scrape, with the object each position stood for (a position whose object
   * changed is looked up again); undefined when they are not remembered.
   */
  readonly cacheKey: object | undefined;
  seriesObject?(s: number): object;
}
