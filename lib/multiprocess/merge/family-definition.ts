import type { MetricType } from '../../model';
import type { ResolvedMode } from '../modes';

/** What the first entry of a family fixed, which later entries must match. */
export interface FamilyDefinition {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly unit?: string;
  readonly otlpName?: string;
  readonly otlpAttributeNames?: Readonly<Record<string, string>>;
  readonly mode: ResolvedMode;
  readonly upperBounds?: readonly number[];
  readonly quantiles?: readonly number[];
  /** Of the first summary sketch: sketches merge only with equal accuracy. */
  readonly relativeAccuracy?: number;
  readonly states?: readonly string[];
  /** A counter's text 0.0.4 name, when not `<name>_total`. */
  readonly textName?: string;
}
