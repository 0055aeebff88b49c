export { type DecoratedMethod, DecoratedMethodsBinder } from './decorated-methods.binder';
export { type FeatureMetricDefinition, getOrCreateMetric } from './feature-metric-definition';
export { InjectMetric, InjectRegistry } from './inject-metric.decorator';
export {
  DEFAULT_METRICS_PATH,
  getMetricToken,
  METRICS_MODULE_OPTIONS,
  METRICS_REGISTRY,
  PUBLIC_METRICS_KEY,
  UNMATCHED_ROUTE,
} from './metrics.constants';
export { MetricsController } from './metrics.controller';
export { MetricsFeatureModule, MetricsModule } from './metrics.module';
export {
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
  makeMetricProvider,
  makeSummaryProvider,
} from './metrics.providers';
export { MetricsLifecycle } from './metrics-lifecycle.service';
export type {
  DefaultMetricsOptions,
  HttpMetricsOptions,
  MetricsAuth,
  MetricsModuleAsyncOptions,
  MetricsModuleOptions,
  MetricsModuleStaticOptions,
  MetricsOptionsFactory,
} from './metrics-options.interface';
export { isPublicMetricsRoute, PublicMetrics } from './public-metrics.decorator';
export type { ResolvedMetricsOptions } from './resolved-options';
