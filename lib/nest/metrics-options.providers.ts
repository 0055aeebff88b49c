import type { Provider } from '@nestjs/common';
import { METRICS_MODULE_OPTIONS } from './metrics.constants';
import type {
  MetricsModuleAsyncOptions,
  MetricsModuleOptions,
  MetricsModuleStaticOptions,
  MetricsOptionsFactory,
} from './metrics-options.interface';
import { resolveOptions } from './resolved-options';

/** Where `forRootAsync` gets its options from, as a provider of `METRICS_MODULE_OPTIONS`. */
export function asyncOptionsProviders(options: MetricsModuleAsyncOptions): Provider[] {
  const staticOptions = definedStaticOptions(options);
  const resolve = (fromFactory: MetricsModuleOptions) => resolveOptions({ ...fromFactory, ...staticOptions });
  if (options.useFactory) {
    const factory = options.useFactory;
    return [
      {
        provide: METRICS_MODULE_OPTIONS,
        useFactory: async (...args: unknown[]) => resolve(await factory(...args)),
        inject: options.inject ?? [],
      },
    ];
  }
  const factoryClass = options.useClass ?? options.useExisting;
  if (!factoryClass) {
    throw new Error('MetricsModule.forRootAsync needs one of useFactory, useClass or useExisting');
  }
  return [
    ...(options.useClass ? [options.useClass] : []),
    {
      provide: METRICS_MODULE_OPTIONS,
      useFactory: async (factory: MetricsOptionsFactory) => resolve(await factory.createMetricsOptions()),
      inject: [factoryClass],
    },
  ];
}

/** The route-shaping options given to forRootAsync, which override what the factory returns. */
function definedStaticOptions(options: MetricsModuleAsyncOptions): MetricsModuleStaticOptions {
  const { path, controller, controllerDecorators, guards } = options;
  return Object.fromEntries(
    Object.entries({ path, controller, controllerDecorators, guards }).filter(([, v]) => v !== undefined),
  );
}
