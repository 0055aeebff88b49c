// biome-ignore-all assist/source/organizeImports: the exports are grouped by purpose (prom-client's names first), not by module
// The `promkit` entry point. Every name is listed on purpose: prom-client 15's root names
// (so an app moves over by changing its import), then promkit's own everyday API. Building
// blocks for exposition writers and multi-process setups live in `promkit/exposition` and
// `promkit/multiprocess`; everything else is internal. docs/api/promkit.api.md is the report.

import type { Registry } from './core';
import { getDefaultRegistry } from './core';
import { OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE } from './exposition';

// prom-client 15's root names.
export {
  collectDefaultMetrics,
  type DefaultMetricsCollectorConfiguration,
} from './collectors';
export {
  type Aggregator,
  type CollectFunction,
  type Collector,
  Counter,
  type CounterConfiguration,
  exponentialBuckets,
  Gauge,
  type GaugeConfiguration,
  Histogram,
  type HistogramConfiguration,
  type IncreaseDataWithExemplar,
  type LabelValues,
  linearBuckets,
  Metric,
  type MetricConfiguration,
  type MetricObject,
  type MetricObjectWithValues,
  type MetricValue,
  type ObserveDataWithExemplar,
  type OpenMetricsContentType,
  type PrometheusContentType,
  Registry,
  type RegistryContentType,
  Summary,
  type SummaryConfiguration,
  validateMetricName,
} from './core';
export { Pushgateway } from './export';
export type { MetricType } from './model';
export {
  AggregatorRegistry,
  aggregators,
} from './multiprocess';

/** The global registry, as prom-client's `register`. */
export const register: Registry = getDefaultRegistry();
/** The Prometheus text 0.0.4 content type, prom-client's `contentType`. */
export const contentType = PROMETHEUS_CONTENT_TYPE;
/** The Prometheus text 0.0.4 content type, as prom-client's `prometheusContentType`. */
export const prometheusContentType = PROMETHEUS_CONTENT_TYPE;
/** The OpenMetrics 1.0 content type, as prom-client's `openMetricsContentType`. */
export const openMetricsContentType = OPENMETRICS_CONTENT_TYPE;

// Metrics beyond prom-client, declaring metrics once, and the rules they enforce.
export {
  captureTrace,
  defineMetric,
  Enum,
  type EnumConfiguration,
  getOrCreateMetric,
  Info,
  type InfoConfiguration,
  LabelError,
  MetricConfigError,
  MetricConflictError,
  type MetricDeclaration,
  type MetricFor,
  MetricValueError,
  type RegistryOptions,
  setNameValidationScheme,
  type TimerEnd,
  withTrace,
} from './core';

// Instrumentation policy (docs/policy.md).
export {
  type CommonLabelRule,
  type DistributionRule,
  type LabelRule,
  type MetricPattern,
  type MetricPolicy,
  overridePolicy,
  policyFromEnv,
} from './core';

// Decorators.
export {
  bindDecoratedMetrics,
  CountExceptions,
  type CountExceptionsOptions,
  Counted,
  type CountedOptions,
  type KeyValuesFrom,
  LongTaskTimed,
  MetricClassName,
  Observed,
  type ObservedOptions,
  type ObserveOptions,
  observe,
  Timed,
  type TimedOptions,
  TrackInProgress,
  type TrackInProgressOptions,
} from './decorators';

// Collectors.
export {
  type DefaultMetricsHandle,
  ProcessCollector,
  type ProcessCollectorOptions,
} from './collectors';

// HTTP RED metrics.
export {
  expressHttpMetrics,
  fastifyHttpMetrics,
  type HttpClientMetricsOptions,
  HttpMetrics,
  type HttpMetricsOptions,
  instrumentHttpClients,
  koaHttpMetrics,
  type OtlpTranslationStrategy,
  setRoute,
  withHttpMetrics,
} from './http-metrics';

// Serving and pushing metrics.
export {
  fastifyMetrics,
  GraphiteBridge,
  type GraphiteBridgeOptions,
  type HttpServerHandle,
  koaMetricsMiddleware,
  MetricsExporter,
  type MetricsServerOptions,
  metricsHandler,
  PushgatewayError,
  scrapeResponder,
  startHttpServer,
  startJsonExporter,
} from './export';

// Prometheus Remote Write.
export {
  pushRemoteWrite,
  RemoteWriteError,
  type RemoteWriteHandle,
  type RemoteWriteOptions,
  type RemoteWriteResult,
  type RemoteWriteVersion,
  type StartRemoteWriteOptions,
  sendsMergedView,
  startRemoteWrite,
} from './export';

// Serverless: push before an invocation returns (docs/serverless.md).
export {
  type MetricsFlushOptions,
  type MetricsPusher,
  useServerlessInstanceId,
  withMetricsFlush,
} from './export';

// OTLP push (docs/otlp.md).
export {
  type OtlpPush,
  OtlpPushError,
  type OtlpPushLoopOptions,
  type OtlpPushOptions,
  type OtlpPushResult,
  pushOtlp,
  startOtlpPush,
} from './export';

// Fetch API runtimes (Hono, Bun, Deno, Workers).
export { RuntimeUnsupportedError } from './core';
export { type FetchHandlerOptions, metricsFetchHandler } from './export';
export {
  type HonoContextLike,
  type HonoHttpMetricsMiddleware,
  type HonoRequestLike,
  type HonoRouteLike,
  honoHttpMetrics,
} from './http-metrics';

// Several processes.
export {
  startMultiprocessDirectory,
  WorkerRegistry,
} from './multiprocess';
