export { NO_RESPONSE_STATUS, UNMATCHED_ROUTE } from '../http-metrics';
export { type DecoratedMethod, DecoratedMethodsBinder } from './decorated-methods.binder';
export { InjectMetric, InjectRegistry, isPublicMetricsRoute, PublicMetrics } from './decorators';
export type {
  DefaultMetricsOptions,
  HttpMetricsOptions,
  MetricsAuth,
  MetricsModuleOptions,
  MetricsOptionsFactory,
  ResolvedMetricsOptions,
} from './interfaces';
export {
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
  makeMetricProvider,
  makeSummaryProvider,
} from './metric.providers';
export {
  DEFAULT_METRICS_PATH,
  getMetricToken,
  METRICS_HTTP_RECORDER,
  METRICS_MODULE_OPTIONS,
  METRICS_REGISTRY,
  PUBLIC_METRICS_KEY,
} from './metrics.constants';
export { MetricsController } from './metrics.controller';
export {
  MetricsModule,
  type MetricsModuleAsyncOptions,
  type MetricsModuleRootOptions,
} from './metrics.module';
/** `@MetricsBinder()`: a provider whose `bindTo(registry)` adds metrics or collectors when the app starts. */
export { MetricsBinder, type MetricsBinding } from './metrics-binder';
export { type FeatureMetricDefinition, MetricsFeatureModule } from './metrics-feature.module';
export { MetricsLifecycle } from './metrics-lifecycle.service';
export type { MetricsModuleExtras, MetricsModuleStaticOptions } from './metrics-module.extras';
