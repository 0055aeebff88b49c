import type { Registry } from '../../core';
import type { HttpMetricsOptions, MetricsModuleOptions } from './metrics-module-options.interface';

/** The module's options with every default filled in, resolved once per app. */
export interface ResolvedMetricsOptions extends MetricsModuleOptions {
  /** The endpoint's path, below any global prefix: leading `/`, no trailing one. */
  readonly path: string;
  readonly registry: Registry<any>;
  /** The registry the endpoint serves: `registry`, or the merged view of `aggregated`. */
  readonly scraped: Registry<any>;
  readonly prefix: string;
  readonly httpMetrics: false | HttpMetricsOptions;
}
