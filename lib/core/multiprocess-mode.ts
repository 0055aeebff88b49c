import type { Aggregator } from './metric-object';
import { describe, MetricConfigError } from './validation';

/**
 * How a metric's series from several processes combine into one view: the
 * official Python client's `multiprocess_mode` names plus prom-client's
 * aggregators. A `live` mode only counts processes that are still running.
 */
export const MULTIPROCESS_MODES = [
  'all',
  'liveall',
  'sum',
  'livesum',
  'min',
  'livemin',
  'max',
  'livemax',
  'mostrecent',
  'livemostrecent',
  'first',
  'livefirst',
  'average',
  'liveaverage',
  'omit',
] as const;

export type MultiprocessMode = (typeof MULTIPROCESS_MODES)[number];

/** The `aggregator` and `multiprocessMode` options as configured (absent when left out). */
export interface DeclaredAggregation {
  readonly aggregator?: Aggregator;
  readonly multiprocessMode?: MultiprocessMode;
}

const AGGREGATORS: readonly string[] = ['omit', 'sum', 'first', 'min', 'max', 'average'];

export function checkAggregation(metric: string, config: DeclaredAggregation): DeclaredAggregation {
  const { aggregator, multiprocessMode } = config;
  if (aggregator !== undefined && !AGGREGATORS.includes(aggregator)) {
    throw new MetricConfigError(
      `Metric "${metric}": aggregator must be one of ${AGGREGATORS.join(', ')}, got ${describe(aggregator)}`,
    );
  }
  if (
    multiprocessMode !== undefined &&
    !(MULTIPROCESS_MODES as readonly string[]).includes(multiprocessMode)
  ) {
    throw new MetricConfigError(
      `Metric "${metric}": multiprocessMode must be one of ${MULTIPROCESS_MODES.join(', ')}, got ${describe(multiprocessMode)}`,
    );
  }
  return {
    ...(aggregator !== undefined ? { aggregator } : {}),
    ...(multiprocessMode !== undefined ? { multiprocessMode } : {}),
  };
}
