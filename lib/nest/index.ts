export { InjectMetric, InjectRegistry } from './inject-metric.decorator';
export { getOrCreateMetric, type MetricDefinition } from './metric-definition';
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
  HttpMetricsOptions,
  MetricsAuth,
  MetricsModuleAsyncOptions,
  MetricsModuleOptions,
  MetricsModuleStaticOptions,
  MetricsOptionsFactory,
} from './metrics-options.interface';
export { isPublicMetricsRoute, PublicMetrics } from './public-metrics.decorator';
export type { ResolvedMetricsOptions } from './resolved-options';
