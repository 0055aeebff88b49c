export { serverlessInstanceId, useServerlessInstanceId } from './instance-id';
export { DEFAULT_FLUSH_DEADLINE_SECONDS, type MetricsFlushOptions } from './metrics-flush-options';
export type { MetricsPusher } from './metrics-pusher';
export { withMetricsFlush } from './with-metrics-flush';
