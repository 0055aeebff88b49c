export { getNameValidationScheme, setNameValidationScheme } from '../model/names';
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
export {
  type CallHooks,
  type DeferrableCallHooks,
  getInstrumentation,
  type InstrumentationErrorLogger,
  InstrumentationRuntime,
  type RegistryBinding,
  type RegistryFollower,
  reportInstrumentationFailure,
  setInstrumentationErrorLogger,
  trackCall,
} from './instrumentation';
export type { LabelValue, LabelValues } from './labels';
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
export { DDSketch, type SketchOptions, type SketchState } from './quantiles/ddsketch';
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
export type { WarningLogger } from './scrape/warning-logger';
export { DEFAULT_PERCENTILES, Summary, type SummaryConfiguration, SummarySeries } from './summary';
export type { TimerEnd } from './timer';
export {
  type CapturedTrace,
  captureTrace,
  currentTraceLabels,
  type TraceLabels,
  traceparentLabels,
  withTrace,
} from './trace-context';
export { type ExemplarsOption, MIN_RETENTION_MS } from './trace-exemplars';
export {
  LabelError,
  MetricConfigError,
  MetricValueError,
  validateLabelName,
  validateMetricName,
} from './validation';
