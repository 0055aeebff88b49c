import { checkOptions, getDefaultRegistry, Registry, shape } from '../core';
import type { MetricsModuleOptions, ResolvedMetricsOptions } from './interfaces';
import { METRICS_MODULE_OPTION_RULES } from './interfaces/metrics-module-options.rules';
import { DEFAULT_METRICS_PATH } from './metrics.constants';
import { EXTRAS_RULES, type MetricsModuleExtras } from './metrics-module.extras';

/** The module's route-level options with their defaults. */
export type ResolvedExtras = Required<MetricsModuleExtras>;

/** Why an option is not taken where it was given, by where it belongs. */
const ROUTE_LEVEL = 'routes are fixed before any factory runs, so give it to forRootAsync() itself';

const factoryResultRule = shape(METRICS_MODULE_OPTION_RULES, {
  misplaced: Object.fromEntries(Object.keys(EXTRAS_RULES).map((key) => [key, ROUTE_LEVEL])),
});

function normalizePath(path: string): string {
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  return withSlash.length > 1 && withSlash.endsWith('/') ? withSlash.slice(0, -1) : withSlash;
}

/** The options with `path` as served (`metrics` is `/metrics`), so calls meaning the same compare alike. */
export function withNormalizedPath<T extends MetricsModuleExtras>(options: T): T {
  return options.path === undefined ? options : { ...options, path: normalizePath(options.path) };
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

/** The registry behind the `aggregated` option (its rule made sure there is one). */
function aggregatedView(aggregated: NonNullable<MetricsModuleOptions['aggregated']>): Registry<any> {
  return aggregated instanceof Registry ? aggregated : aggregated.aggregated;
}

/**
 * Checks the options (a `forRootAsync` factory's are first seen here) and
 * fills in every default once, for every provider of the app to read.
 */
export function resolveOptions(given: MetricsModuleOptions, extras: ResolvedExtras): ResolvedMetricsOptions {
  const options = checkOptions<MetricsModuleOptions>(
    'MetricsModule.forRootAsync() options from the factory',
    factoryResultRule,
    given,
  );
  const httpMetrics = options.httpMetrics ?? true;
  const registry = options.registry ?? getDefaultRegistry();
  // Every provider that declares a metric (HTTP metrics, metric providers, decorated
  // methods) reads these options first, so the policy is in place before the first one.
  if (options.policy !== undefined) registry.setPolicy(options.policy);
  return {
    ...options,
    path: extras.path,
    registry,
    scraped: options.aggregated === undefined ? registry : aggregatedView(options.aggregated),
    prefix: options.prefix ?? '',
    httpMetrics: httpMetrics === false ? false : httpMetrics === true ? {} : httpMetrics,
    // A port read from the environment arrives as a string.
    port: options.port === undefined ? undefined : Number(options.port),
  };
}
