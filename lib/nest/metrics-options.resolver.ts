import { getDefaultRegistry } from '../core';
import type { MetricsModuleOptions, ResolvedMetricsOptions } from './interfaces';
import { DEFAULT_METRICS_PATH } from './metrics.constants';
import type { MetricsModuleExtras } from './metrics-module.extras';

/** The module's route-level options with their defaults. */
export type ResolvedExtras = Required<MetricsModuleExtras>;

function normalizePath(path: string): string {
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  return withSlash.length > 1 && withSlash.endsWith('/') ? withSlash.slice(0, -1) : withSlash;
}

export function resolveExtras(extras: MetricsModuleExtras): ResolvedExtras {
  return {
    path: normalizePath(extras.path ?? DEFAULT_METRICS_PATH),
    controller: extras.controller ?? true,
    controllerDecorators: extras.controllerDecorators ?? [],
    guards: extras.guards ?? [],
    global: extras.global ?? true,
  };
}

/** Fills in every default once, for every provider of the app to read. */
export function resolveOptions(
  options: MetricsModuleOptions,
  extras: ResolvedExtras,
): ResolvedMetricsOptions {
  const httpMetrics = options.httpMetrics ?? true;
  return {
    ...options,
    path: extras.path,
    registry: options.registry ?? getDefaultRegistry(),
    prefix: options.prefix ?? '',
    httpMetrics: httpMetrics === false ? false : httpMetrics === true ? {} : httpMetrics,
  };
}
