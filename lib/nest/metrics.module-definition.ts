import { ConfigurableModuleBuilder } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { configuredController } from './configured-controller';
import type { MetricsModuleOptions } from './interfaces';
import { DEFAULT_METRICS_PATH } from './metrics.constants';
import type { MetricsModuleExtras } from './metrics-module.extras';
import { resolveExtras } from './metrics-options.resolver';
import { ROOT_EXPORTS, rootProviders } from './metrics-root.providers';

/** The options as given to `forRoot` or returned by a factory, before defaults are filled in. */
const MODULE_OPTIONS_TOKEN = Symbol('MetricsModule.forRoot() options as given');

/**
 * `forRoot` / `forRootAsync` built by Nest's ConfigurableModuleBuilder. The
 * extras (path, controller, guards, global) shape routes and scope, so they
 * are read when the module is defined; everything else may come from a factory.
 */
export const {
  ConfigurableModuleClass,
  OPTIONS_TYPE: METRICS_MODULE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: METRICS_MODULE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<MetricsModuleOptions>({ optionsInjectionToken: MODULE_OPTIONS_TOKEN })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createMetricsOptions')
  .setExtras<MetricsModuleExtras>(
    { path: DEFAULT_METRICS_PATH, controller: true, controllerDecorators: [], guards: [], global: true },
    (definition, given) => {
      const extras = resolveExtras(given);
      return {
        ...definition,
        global: extras.global,
        imports: [DiscoveryModule, ...(definition.imports ?? [])],
        controllers: configuredController(extras),
        providers: [...(definition.providers ?? []), ...rootProviders(MODULE_OPTIONS_TOKEN, extras)],
        exports: ROOT_EXPORTS,
      };
    },
  )
  .build();
