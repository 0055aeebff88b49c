import { Inject, type MiddlewareConsumer, Module, type NestModule, Optional } from '@nestjs/common';
import { DiscoveryModule, HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import type { MetricDeclaration } from '../core';
import type { HttpMetrics } from '../http-metrics';
import { installHttpMetrics } from './http-metrics.installer';
import type { ResolvedMetricsOptions } from './interfaces';
import { METRICS_HTTP_RECORDER, METRICS_MODULE_OPTIONS } from './metrics.constants';
import { ConfigurableModuleClass } from './metrics.module-definition';
import { MetricsFeatureModule } from './metrics-feature.module';
import { metricsModuleMissing } from './metrics-module.errors';
import {
  checkForRootAsyncOptions,
  checkForRootOptions,
  type MetricsModuleAsyncOptions,
  type MetricsModuleRootOptions,
} from './metrics-module-options.check';
import { withNormalizedPath } from './metrics-options.resolver';
import { assertOneRootModule, rootModuleFor } from './root-modules';

export type { MetricsModuleAsyncOptions, MetricsModuleRootOptions };

/**
 * Prometheus metrics for a Nest app: the `/metrics` endpoint, HTTP request
 * metrics, default metrics, decorated methods and metrics by injection.
 * `forRoot(options)` or `forRootAsync({ useFactory | useClass | useExisting })`
 * once in the root module; `forFeature([...])` where metrics are injected.
 * Other modules may import `MetricsModule` (or call `forRoot` again with the
 * same options): the app still has one endpoint and measures each request once.
 */
@Module({ imports: [DiscoveryModule] })
export class MetricsModule extends ConfigurableModuleClass implements NestModule {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(ModulesContainer) modules: ModulesContainer,
    @Optional() @Inject(METRICS_MODULE_OPTIONS) options?: ResolvedMetricsOptions,
    @Optional() @Inject(METRICS_HTTP_RECORDER) private readonly httpMetrics?: HttpMetrics,
  ) {
    super();
    if (options === undefined) throw metricsModuleMissing('MetricsModule (imported as a class)');
    assertOneRootModule(modules);
  }

  /** Runs before Nest registers routes, so request measurement sees every request. */
  configure(_consumer: MiddlewareConsumer): void {
    if (this.httpMetrics) installHttpMetrics(this.adapterHost.httpAdapter, this.httpMetrics);
  }

  static override forRoot(options: MetricsModuleRootOptions = {}) {
    checkForRootOptions(options);
    // biome-ignore lint/complexity/noThisInStatic: through super the builder sees MetricsModule, the module it must return
    return rootModuleFor('forRoot', withNormalizedPath(options), () => super.forRoot(options));
  }

  static override forRootAsync(options: MetricsModuleAsyncOptions) {
    checkForRootAsyncOptions(options);
    // biome-ignore lint/complexity/noThisInStatic: through super the builder sees MetricsModule, the module it must return
    return rootModuleFor('forRootAsync', withNormalizedPath(options), () => super.forRootAsync(options));
  }

  /** Declares metrics for `@InjectMetric(...)` in the importing module, held in the app's registry. */
  static forFeature(declarations: readonly MetricDeclaration<any>[]) {
    return MetricsFeatureModule.register(declarations);
  }
}
