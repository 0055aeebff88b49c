/**
 * Injection token of the module's resolved options. Its description names
 * forRoot, so even Nest's own "can't resolve" message points at the fix.
 */
export const METRICS_MODULE_OPTIONS = Symbol('MetricsModule.forRoot() options');

/** Injection token of the registry the module scrapes (the `Registry` class is an alias for it). */
export const METRICS_REGISTRY = Symbol('MetricsModule.forRoot() registry');

/** Injection token of the app's HTTP request recorder (absent with `httpMetrics: false`). */
export const METRICS_HTTP_RECORDER = Symbol('MetricsModule.forRoot() HTTP metrics');

/** Metadata a guard can read to let scrapes through (see `@PublicMetrics()`). */
export const PUBLIC_METRICS_KEY = 'promkit:public-metrics';

/** The path `MetricsModule` serves metrics at unless given another. */
export const DEFAULT_METRICS_PATH = '/metrics';

/** The token under which `forFeature` and `make*Provider` expose a metric. */
export function getMetricToken(name: string): string {
  return `promkit:metric:${name}`;
}
