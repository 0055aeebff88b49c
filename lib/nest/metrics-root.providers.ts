import type { Provider } from '@nestjs/common';
import { Registry } from '../core';
import { HttpMetrics } from '../http-metrics';
import { DecoratedMethodsBinder } from './decorated-methods.binder';
import type { MetricsModuleOptions, ResolvedMetricsOptions } from './interfaces';
import { METRICS_HTTP_RECORDER, METRICS_MODULE_OPTIONS, METRICS_REGISTRY } from './metrics.constants';
import { MetricsLifecycle } from './metrics-lifecycle.service';
import { type ResolvedExtras, resolveOptions } from './metrics-options.resolver';

/** What `forRoot`'s module provides, given the token the options (from `forRoot` or a factory) arrive under. */
export function rootProviders(optionsToken: string | symbol, extras: ResolvedExtras): Provider[] {
  return [
    {
      provide: METRICS_MODULE_OPTIONS,
      useFactory: (options: MetricsModuleOptions) => resolveOptions(options, extras),
      inject: [optionsToken],
    },
    {
      provide: METRICS_REGISTRY,
      useFactory: (options: ResolvedMetricsOptions) => options.registry,
      inject: [METRICS_MODULE_OPTIONS],
    },
    { provide: Registry, useExisting: METRICS_REGISTRY },
    {
      provide: METRICS_HTTP_RECORDER,
      useFactory: (options: ResolvedMetricsOptions) =>
        options.httpMetrics === false
          ? undefined
          : new HttpMetrics({
              ...options.httpMetrics,
              registry: options.registry,
              prefix: options.prefix,
              excludePaths: [options.path, ...(options.httpMetrics.excludePaths ?? [])],
              owner: 'MetricsModule HTTP metrics',
            }),
      inject: [METRICS_MODULE_OPTIONS],
    },
    DecoratedMethodsBinder,
    MetricsLifecycle,
  ];
}

/** What the root module shares with the app (globally by default). */
export const ROOT_EXPORTS = [
  METRICS_MODULE_OPTIONS,
  METRICS_REGISTRY,
  Registry,
  METRICS_HTTP_RECORDER,
  MetricsLifecycle,
  DecoratedMethodsBinder,
];
