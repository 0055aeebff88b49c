// The `promkit/exposition` entry point: metric families as data, for custom
// collectors and for code that writes or serves exposition itself. Every
// name is listed on purpose; docs/api/promkit-exposition.api.md is the report.

// Building families in a custom collector.
export {
  type CounterFamilyOptions,
  CounterMetricFamily,
  type CumulativeBucket,
  type FamilyOptions,
  GaugeMetricFamily,
  type HistogramFamilyOptions,
  HistogramMetricFamily,
  type InfoFamilyOptions,
  InfoMetricFamily,
  type LabelValueList,
  type StateSetFamilyOptions,
  StateSetMetricFamily,
  type SummaryFamilyOptions,
  SummaryMetricFamily,
  UnknownMetricFamily,
  type ValueFamilyOptions,
} from '../collectors';
// Writing them and choosing the format.
export {
  type ExpositionFormat,
  type NegotiatedFormat,
  type NegotiateOptions,
  negotiate,
  OPENMETRICS_CONTENT_TYPE,
  PROMETHEUS_CONTENT_TYPE,
  PROTOBUF_CONTENT_TYPE,
  type TextExpositionFormat,
  type WriteOptions,
  writeOpenMetrics,
  writeProtobuf,
  writeText,
} from '../exposition';
// What a scrape produces: metric families and their points.
export type {
  CounterFamily,
  CounterPoint,
  EscapingScheme,
  Exemplar,
  GaugeFamily,
  GaugePoint,
  HistogramFamily,
  HistogramPoint,
  InfoFamily,
  InfoPoint,
  LabelSet,
  MetricFamily,
  NativeBucketRun,
  NativeHistogram,
  Quantile,
  StateSetFamily,
  StateSetPoint,
  SummaryFamily,
  SummaryPoint,
  UnknownFamily,
  UnknownPoint,
} from '../model';
