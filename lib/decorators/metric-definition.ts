import type { Registry } from '../core';
import type { DecoratorName } from './instrument-spec';

/** What one decorator on one method measures, as recorded in the method's metadata. */
export interface MetricDefinition {
  readonly decorator: DecoratorName;
  readonly type: 'histogram' | 'summary' | 'counter' | 'gauge';
  readonly name: string;
  readonly help: string;
  /** Every label name, including those the decorator fills in (`exception`, `result`...). */
  readonly labelNames: readonly string[];
  /** Label values known without a call: static `labels`, `class`, `method`. */
  readonly labels: Readonly<Record<string, string>>;
  readonly buckets?: readonly number[];
  readonly percentiles?: readonly number[];
  /** The registry given in the options; otherwise the metric follows `bindDecoratedMetrics`. */
  readonly registry?: Registry;
  readonly className: string;
  readonly methodName: string;
}
