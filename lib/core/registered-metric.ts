import type { MetricType } from '../model';
import type { Collector } from './collector';
import type { Aggregator, MetricObjectWithValues, MetricValue } from './metric-object';

/**
 * What a registry holds of a metric. Every metric class implements it through
 * `Metric`; the registry depends on this contract rather than on the metric
 * classes, so metrics can look up their default registry without an import cycle.
 */
export interface RegisteredMetric extends Collector {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  /** The family name in the data model (a counter's without `_total`). */
  readonly familyName: string;
  readonly labelNames: readonly string[];
  readonly aggregator: Aggregator;
  /** A registry holds metrics of every series type, so a child is untyped here. */
  labels(...args: any[]): any;
  remove(...args: any[]): void;
  reset(): void;
  get(): Promise<MetricObjectWithValues<MetricValue<string>>>;
}
