/** Injection token of the resolved module options. */
export const METRICS_MODULE_OPTIONS = Symbol('promkit:metrics-module-options');

/** Injection token of the registry the module scrapes (the `Registry` class is an alias for it). */
export const METRICS_REGISTRY = Symbol('promkit:metrics-registry');

/** Metadata a guard can read to let scrapes through (see `@PublicMetrics()`). */
export const PUBLIC_METRICS_KEY = 'promkit:public-metrics';

export const DEFAULT_METRICS_PATH = '/metrics';

/** The `route` label of requests no route matched, so random URLs cannot explode the series count. */
export const UNMATCHED_ROUTE = '<unmatched>';

/** The token under which `forFeature` and `make*Provider` expose a metric. */
export function getMetricToken(name: string): string {
  return `promkit:metric:${name}`;
}
