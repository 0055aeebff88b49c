import type { Registry } from '../core';
import { getDefaultRegistry } from '../core';
import { DEFAULT_METRICS_PATH } from './metrics.constants';
import type { HttpMetricsOptions, MetricsModuleOptions } from './metrics-options.interface';

/** The module options with every default filled in, as the module's providers see them. */
export interface ResolvedMetricsOptions extends MetricsModuleOptions {
  path: string;
  registry: Registry<any>;
  prefix: string;
  httpMetrics: false | HttpMetricsOptions;
}

function normalizePath(path: string): string {
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  return withSlash.length > 1 && withSlash.endsWith('/') ? withSlash.slice(0, -1) : withSlash;
}

export function resolveOptions(options: MetricsModuleOptions = {}): ResolvedMetricsOptions {
  const httpMetrics = options.httpMetrics ?? true;
  return {
    ...options,
    path: normalizePath(options.path ?? DEFAULT_METRICS_PATH),
    registry: options.registry ?? getDefaultRegistry(),
    prefix: options.prefix ?? '',
    httpMetrics: httpMetrics === false ? false : httpMetrics === true ? {} : httpMetrics,
  };
}
