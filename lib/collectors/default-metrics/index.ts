export {
  collectDefaultMetrics,
  type DefaultMetricsCollectorConfiguration,
  type DefaultMetricsHandle,
} from './collect-default-metrics';
export { DEFAULT_GC_DURATION_BUCKETS } from './gc';
