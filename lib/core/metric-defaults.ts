import { checkMaxSeries } from './series-limit';
import { describe, MetricConfigError } from './validation';

/**
 * What a registry sets for the metrics that register with it, where a metric
 * does not set its own. A metric in several registries is strict if any of
 * them says so, and takes the smallest limit.
 */
export interface MetricDefaults {
  /** `strictLabels` of its metrics (default false: a label may be left out). */
  strictLabels?: boolean;
  /** `maxSeries` of its metrics (default 2000; Infinity for no limit). */
  maxSeriesPerMetric?: number;
}

export function checkMetricDefaults(defaults: MetricDefaults): Readonly<MetricDefaults> {
  const { strictLabels, maxSeriesPerMetric } = defaults;
  if (strictLabels !== undefined && typeof strictLabels !== 'boolean') {
    throw new MetricConfigError(`strictLabels must be true or false, got ${describe(strictLabels)}`);
  }
  if (maxSeriesPerMetric !== undefined) checkMaxSeries('maxSeriesPerMetric', maxSeriesPerMetric);
  return Object.freeze({ strictLabels, maxSeriesPerMetric });
}

/** The settings of a metric: its own, else its registries' defaults, else the built-in ones. */
export function resolveMetricDefaults(
  own: { strictLabels?: boolean; maxSeries?: number },
  registries: readonly { metricDefaults?: Readonly<MetricDefaults> }[],
  builtInMaxSeries: number,
): { strict: boolean; maxSeries: number } {
  const defaults = registries.flatMap((r) => (r?.metricDefaults ? [r.metricDefaults] : []));
  const limits = defaults.flatMap((d) => (d.maxSeriesPerMetric === undefined ? [] : [d.maxSeriesPerMetric]));
  return {
    strict: own.strictLabels ?? defaults.some((d) => d.strictLabels === true),
    maxSeries: own.maxSeries ?? (limits.length > 0 ? Math.min(...limits) : builtInMaxSeries),
  };
}
