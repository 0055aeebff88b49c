import { getDefaultRegistry, Registry } from '../core';
import { anyFunction, arrayOf, checkOptions, type ShapeFields, shape, valueRule } from '../core/options';
import type { MetricsModuleOptions, ResolvedMetricsOptions } from './interfaces';
import { METRICS_MODULE_OPTION_RULES } from './interfaces/metrics-module-options.rules';
import { DEFAULT_METRICS_PATH } from './metrics.constants';
import type { MetricsModuleAsyncOptions, MetricsModuleRootOptions } from './metrics.module';
import { EXTRAS_RULES, type MetricsModuleExtras } from './metrics-module.extras';

/** The module's route-level options with their defaults. */
export type ResolvedExtras = Required<MetricsModuleExtras>;

type AsyncOnlyOptions = Omit<MetricsModuleAsyncOptions, keyof MetricsModuleExtras>;

const anyValue = valueRule('any value', () => true);

/** Why an option is not taken where it was given, by where it belongs. */
const ROUTE_LEVEL = 'routes are fixed before any factory runs, so give it to forRootAsync() itself';
const FROM_FACTORY = 'return it from the options factory (useFactory, useClass or useExisting)';

const forRootRule = shape<MetricsModuleRootOptions>({ ...METRICS_MODULE_OPTION_RULES, ...EXTRAS_RULES });

const forRootAsyncRule = shape<AsyncOnlyOptions & MetricsModuleExtras>(
  {
    imports: arrayOf(valueRule('a module', (v) => v !== null && v !== undefined)),
    inject: arrayOf(valueRule('an injection token', (v) => v !== null && v !== undefined)),
    useFactory: anyFunction,
    useClass: anyFunction,
    useExisting: anyValue,
    provideInjectionTokensFrom: arrayOf(anyValue),
    ...EXTRAS_RULES,
  } satisfies ShapeFields<AsyncOnlyOptions & MetricsModuleExtras>,
  {
    misplaced: Object.fromEntries(Object.keys(METRICS_MODULE_OPTION_RULES).map((key) => [key, FROM_FACTORY])),
    refine: (value) =>
      ['useFactory', 'useClass', 'useExisting'].filter((key) => value[key] !== undefined).length === 1
        ? undefined
        : 'needs exactly one of useFactory, useClass or useExisting',
  },
);

const factoryResultRule = shape(METRICS_MODULE_OPTION_RULES, {
  misplaced: Object.fromEntries(Object.keys(EXTRAS_RULES).map((key) => [key, ROUTE_LEVEL])),
});

/** Checks what `forRoot` was given, at the call: a wrong option fails where it was written. */
export function checkForRootOptions(options: unknown): MetricsModuleRootOptions {
  return checkOptions('MetricsModule.forRoot()', forRootRule, options);
}

/** Checks what `forRootAsync` was given; the options its factory returns are checked at startup. */
export function checkForRootAsyncOptions(options: unknown): MetricsModuleAsyncOptions {
  return checkOptions('MetricsModule.forRootAsync()', forRootAsyncRule, options);
}

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
