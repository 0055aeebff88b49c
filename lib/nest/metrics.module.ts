import {
  type DynamicModule,
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  Optional,
  type Provider,
} from '@nestjs/common';
import { DiscoveryModule, HttpAdapterHost } from '@nestjs/core';
import { Registry } from '../core';
import { configuredController } from './configured-controller';
import { DecoratedMethodsBinder } from './decorated-methods.binder';
import type { FeatureMetricDefinition } from './feature-metric-definition';
import { HttpMetrics } from './http-metrics';
import { installHttpMetrics } from './http-metrics.installer';
import { getMetricToken, METRICS_MODULE_OPTIONS, METRICS_REGISTRY } from './metrics.constants';
import { makeMetricProvider } from './metrics.providers';
import { MetricsLifecycle } from './metrics-lifecycle.service';
import type {
  MetricsModuleAsyncOptions,
  MetricsModuleOptions,
  MetricsModuleStaticOptions,
} from './metrics-options.interface';
import { asyncOptionsProviders } from './metrics-options.providers';
import { type ResolvedMetricsOptions, resolveOptions } from './resolved-options';

const HTTP_METRICS = Symbol('promkit:http-metrics');

const sharedProviders: Provider[] = [
  {
    provide: METRICS_REGISTRY,
    useFactory: (o: ResolvedMetricsOptions) => o.registry,
    inject: [METRICS_MODULE_OPTIONS],
  },
  { provide: Registry, useExisting: METRICS_REGISTRY },
  {
    provide: HTTP_METRICS,
    useFactory: (o: ResolvedMetricsOptions) =>
      o.httpMetrics === false ? undefined : new HttpMetrics(o.registry, o.prefix, o.path, o.httpMetrics),
    inject: [METRICS_MODULE_OPTIONS],
  },
  DecoratedMethodsBinder,
  MetricsLifecycle,
];

/**
 * Prometheus metrics for a Nest app: the `/metrics` endpoint, HTTP request
 * metrics, default metrics, decorated methods and metrics by injection.
 */
@Module({ imports: [DiscoveryModule] })
export class MetricsModule implements NestModule {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Optional() @Inject(HTTP_METRICS) private readonly httpMetrics?: HttpMetrics,
  ) {}

  /** Runs before Nest registers routes, so request measurement sees every request. */
  configure(_consumer: MiddlewareConsumer): void {
    if (this.httpMetrics) installHttpMetrics(this.adapterHost.httpAdapter, this.httpMetrics);
  }

  static forRoot(options: MetricsModuleOptions = {}): DynamicModule {
    // With a separate metrics port the app itself serves no endpoint.
    const routes = options.port === undefined ? options : { ...options, controller: false };
    return MetricsModule.root(
      routes,
      [],
      [{ provide: METRICS_MODULE_OPTIONS, useValue: resolveOptions(options) }],
    );
  }

  static forRootAsync(options: MetricsModuleAsyncOptions): DynamicModule {
    return MetricsModule.root(options, options.imports ?? [], asyncOptionsProviders(options));
  }

  /** Declares metrics for `@InjectMetric(name)` in the importing module, in the root module's registry. */
  static forFeature(definitions: FeatureMetricDefinition[]): DynamicModule {
    const providers = definitions.map(makeMetricProvider);
    return {
      module: MetricsFeatureModule,
      providers,
      exports: definitions.map((d) => getMetricToken(d.name)),
    };
  }

  private static root(
    options: MetricsModuleStaticOptions,
    imports: NonNullable<DynamicModule['imports']>,
    optionsProviders: Provider[],
  ): DynamicModule {
    return {
      module: MetricsModule,
      global: options.global ?? true,
      imports: [DiscoveryModule, ...imports],
      controllers: configuredController(options),
      providers: [...optionsProviders, ...sharedProviders],
      exports: [METRICS_MODULE_OPTIONS, METRICS_REGISTRY, Registry, MetricsLifecycle, DecoratedMethodsBinder],
    };
  }
}

/** The module `forFeature` returns: only the declared metric providers. */
@Module({})
export class MetricsFeatureModule {}
