import { getDefaultRegistry, MetricConfigError, Registry } from '../core';
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

/** The registry behind the `aggregated` option. */
function aggregatedView(aggregated: NonNullable<MetricsModuleOptions['aggregated']>): Registry<any> {
  const view = 'aggregated' in aggregated ? aggregated.aggregated : aggregated;
  if (!(view instanceof Registry)) {
    throw new MetricConfigError(
      'MetricsModule: aggregated must be an AggregatorRegistry, WorkerRegistry, MultiprocessDirectory or a Registry',
    );
  }
  return view;
}

/** Fills in every default once, for every provider of the app to read. */
export function resolveOptions(
  options: MetricsModuleOptions,
  extras: ResolvedExtras,
): ResolvedMetricsOptions {
  const httpMetrics = options.httpMetrics ?? true;
  const registry = options.registry ?? getDefaultRegistry();
  return {
    ...options,
    path: extras.path,
    registry,
    scraped: options.aggregated === undefined ? registry : aggregatedView(options.aggregated),
    prefix: options.prefix ?? '',
    httpMetrics: httpMetrics === false ? false : httpMetrics === true ? {} : httpMetrics,
  };
}
