import { anyFunction, arrayOf, checkOptions, type ShapeFields, shape, valueRule } from '../core';
import { METRICS_MODULE_OPTION_RULES } from './interfaces/metrics-module-options.rules';
import type {
  METRICS_MODULE_ASYNC_OPTIONS_TYPE,
  METRICS_MODULE_OPTIONS_TYPE,
} from './metrics.module-definition';
import { EXTRAS_RULES, type MetricsModuleExtras } from './metrics-module.extras';

/** What `MetricsModule.forRoot()` takes: the module's options and its route-level extras. */
export type MetricsModuleRootOptions = typeof METRICS_MODULE_OPTIONS_TYPE;
/** What `MetricsModule.forRootAsync()` takes: a factory of the options, and the route-level extras. */
export type MetricsModuleAsyncOptions = typeof METRICS_MODULE_ASYNC_OPTIONS_TYPE;

type AsyncOnlyOptions = Omit<MetricsModuleAsyncOptions, keyof MetricsModuleExtras>;

const anyValue = valueRule('any value', () => true);

/** Why an option is not taken where it was given: it belongs to the factory. */
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

/** Checks what `forRoot` was given, at the call: a wrong option fails where it was written. */
export function checkForRootOptions(options: unknown): MetricsModuleRootOptions {
  return checkOptions('MetricsModule.forRoot()', forRootRule, options);
}

/** Checks what `forRootAsync` was given; the options its factory returns are checked at startup. */
export function checkForRootAsyncOptions(options: unknown): MetricsModuleAsyncOptions {
  return checkOptions('MetricsModule.forRootAsync()', forRootAsyncRule, options);
}
