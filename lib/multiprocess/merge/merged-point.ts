import type { Exemplar, NativeHistogram, Quantile } from '../../model';

/** A point of any type, its fields filled in by `pointMaker` for its family's type. */
export interface MergedPoint {
  readonly labelNames: readonly string[];
  readonly labelValues: readonly string[];
  labelText?: string;
  value?: number;
  created?: number;
  exemplar?: Exemplar;
  upperBounds?: readonly number[];
  bucketCounts?: number[];
  count?: number;
  sum?: number;
  exemplars?: (Exemplar | undefined)[];
  native?: NativeHistogram;
  quantiles?: Quantile[];
  states?: readonly string[];
  enabled?: boolean[];
}
