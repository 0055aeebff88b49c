export { InjectMetric, InjectRegistry } from './inject-metric.decorator';
export { isPublicMetricsRoute, PublicMetrics } from './public-metrics.decorator';
