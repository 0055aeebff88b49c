export { DEFAULT_BUCKETS, exponentialBuckets, linearBuckets } from './buckets';
export { addResultTracker, type CallHooks, type ResultTracker, trackCall } from './call-tracking';
export type { Collector } from './collector';
export { Counter, type CounterConfiguration, CounterSeries, type IncreaseDataWithExemplar } from './counter';
export { Enum, type EnumConfiguration, EnumSeries } from './enum';
export type { ExemplarLabels } from './exemplar';
export { Gauge, type GaugeConfiguration, GaugeSeries } from './gauge';
export {
  Histogram,
  type HistogramConfiguration,
  HistogramSeries,
  type ObserveDataWithExemplar,
} from './histogram';
export { Info, type InfoConfiguration, InfoSeries } from './info';
export type { LabelValue, LabelValues } from './labels';
export {
  type Aggregator,
  type CollectFunction,
  Metric,
  type MetricConfiguration,
  type MetricObject,
  type MetricObjectWithValues,
  type MetricValue,
} from './metric';
export {
  mergeNativeHistograms,
  type NativeBucketRunData,
  NativeBuckets,
  type NativeHistogramData,
  type NativeHistogramOptions,
  nativeHistogramData,
  schemaForBucketFactor,
} from './native-histogram';
export { DDSketch, type SketchOptions } from './quantiles/ddsketch';
export type { RegisteredMetric } from './registered-metric';
export {
  type OpenMetricsContentType,
  type PrometheusContentType,
  Registry,
  type RegistryContentType,
  type RegistryOptions,
  type ScrapeOptions,
} from './registry';
export { getDefaultRegistry } from './registry-default';
export { type Sample, samplesOf } from './samples';
export { DEFAULT_PERCENTILES, Summary, type SummaryConfiguration, SummarySeries } from './summary';
export { currentTraceLabels, type TraceLabels, traceparentLabels, withTraceparent } from './trace-context';
export { type ExemplarsOption, MIN_RETENTION_MS } from './trace-exemplars';
export {
  LabelError,
  MetricConfigError,
  MetricValueError,
  validateLabelName,
  validateMetricName,
} from './validation';
