import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { type MetricDeclaration, Registry } from '../core';
import { makeMetricProvider } from './metric.providers';
import { getMetricToken, METRICS_REGISTRY } from './metrics.constants';
import { MetricsLifecycle } from './metrics-lifecycle.service';
import { metricsModuleMissing } from './metrics-module.errors';

/** A metric declared for `MetricsModule.forFeature`: its kind plus its usual configuration. */
export type FeatureMetricDefinition = MetricDeclaration<any>;

/** The module `MetricsModule.forFeature` returns: the declared metrics and the registry they live in. */
@Module({})
export class MetricsFeatureModule {
  static register(declarations: readonly MetricDeclaration<any>[]): DynamicModule {
    const declaredBy = 'MetricsModule.forFeature';
    // Exported here too, so forgetting forRoot is a clear error even where only the registry is injected.
    const registry: Provider = {
      provide: METRICS_REGISTRY,
      useFactory: (lifecycle?: MetricsLifecycle) => {
        if (!lifecycle) throw metricsModuleMissing(`${declaredBy} (@InjectRegistry())`);
        return lifecycle.registry;
      },
      inject: [{ token: MetricsLifecycle, optional: true }],
    };
    return {
      module: MetricsFeatureModule,
      providers: [
        ...declarations.map((declaration) => makeMetricProvider(declaration, declaredBy)),
        registry,
        { provide: Registry, useExisting: METRICS_REGISTRY },
      ],
      exports: [...declarations.map((d) => getMetricToken(d.name)), METRICS_REGISTRY, Registry],
    };
  }
}
