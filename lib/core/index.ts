export { escapeName, getNameValidationScheme, setNameValidationScheme } from '../model';
export { DEFAULT_BUCKETS, exponentialBuckets, linearBuckets } from './buckets';
export type { Collector } from './collector';
export { Counter, type CounterConfiguration, CounterSeries, type IncreaseDataWithExemplar } from './counter';
export { Enum, type EnumConfiguration, EnumSeries } from './enum';
export type { ExemplarLabels } from './exemplar';
export type { ForeignMetric } from './foreign-metric';
export { Gauge, type GaugeConfiguration, GaugeSeries } from './gauge';
export {
  Histogram,
  type HistogramConfiguration,
  HistogramSeries,
  type ObserveDataWithExemplar,
} from './histogram';
export { Info, type InfoConfiguration, InfoSeries } from './info';
// Building blocks for the layers above core (collectors, export, nest...): they import core
// through this index only. Reaching this index does not make a name public: the entry points
// (lib/index.ts, lib/entries/, lib/nest, lib/testing) list what is.
export {
  type CallHooks,
  type DeferrableCallHooks,
  getInstrumentation,
  type InstrumentationErrorLogger,
  InstrumentationRuntime,
  type RegistryBinding,
  type RegistryFollower,
  reportInstrumentationFailure,
  safeEnd,
  setInstrumentationErrorLogger,
  trackCall,
  trackResult,
} from './instrumentation';
export { currentRuntime, type JsRuntime, RUNTIME_NAMES } from './js-runtime';
export type { LabelValue, LabelValues } from './labels';
export { assertWellFormed, labelValueToString } from './labels';
export {
  type Aggregator,
  type CollectFunction,
  Metric,
  type MetricConfiguration,
  type MetricObject,
  type MetricObjectWithValues,
  type MetricValue,
  type PromClientExemplar,
} from './metric';
export type { MetricDefaults } from './metric-defaults';
export { composeMetricName } from './metric-name';
export { familyOfMetricObject } from './metric-object-family';
export { type DeclaredAggregation, MULTIPROCESS_MODES, type MultiprocessMode } from './multiprocess-mode';
export {
  mergeNativeHistograms,
  type NativeBucketRunData,
  NativeBuckets,
  type NativeHistogramData,
  type NativeHistogramOptions,
  nativeHistogramData,
  schemaForBucketFactor,
} from './native-histogram';
export { nodeBuiltin, optionalNodeBuiltin, RuntimeUnsupportedError } from './node-builtin';
export * from './options';
export {
  type CommonLabelRule,
  type DistributionRule,
  type LabelRule,
  type MetricPattern,
  type MetricPolicy,
  overridePolicy,
  POLICY_ENV_VARIABLE,
  policyFromEnv,
} from './policy';
export { DDSketch, type SketchOptions, type SketchState } from './quantiles/ddsketch';
export { realClearTimeout, realPerformance, realSetTimeout } from './real-timers';
export type { RegisteredMetric } from './registered-metric';
export {
  type ForeignRegistry,
  type OpenMetricsContentType,
  type PrometheusContentType,
  Registry,
  type RegistryContentType,
  type RegistryOptions,
  type ScrapeOptions,
} from './registry';
export { getDefaultRegistry } from './registry-default';
export {
  claimMetric,
  type DeclaredMetric,
  defineMetric,
  getOrCreateMetric,
  type MetricClaim,
  MetricConflictError,
  type MetricDeclaration,
  type MetricFor,
} from './reuse';
export { type Sample, samplesOf } from './samples';
export { Coalescer } from './scrape/coalesce';
export { StateSlot } from './scrape/scrape-state';
export { TimeSlice } from './scrape/time-slice';
export type { WarningLogger } from './scrape/warning-logger';
export type { Series } from './series';
export { seriesRemovals } from './series-removals';
export { OVERFLOW_LABEL } from './series-store';
export { DEFAULT_PERCENTILES, Summary, type SummaryConfiguration, SummarySeries } from './summary';
export { otelResourceAttributes, targetInfoFamily, UNKNOWN_SERVICE_NAME } from './target-info';
export { now, secondsSince, type TimerEnd } from './timer';
export {
  type CapturedTrace,
  captureTrace,
  currentTraceLabels,
  type OpenTelemetryApi,
  type OpenTelemetrySpan,
  openTelemetry,
  type TraceLabels,
  traceparentLabels,
  withTrace,
} from './trace-context';
export { type ExemplarsOption, MIN_RETENTION_MS } from './trace-exemplars';
export { type Timer, unrefTimer } from './unref-timer';
export {
  assertLabelNames,
  assertStateSetName,
  describe,
  describeSeries,
  LabelError,
  MetricConfigError,
  MetricValueError,
  validateLabelName,
  validateMetricName,
} from './validation';
