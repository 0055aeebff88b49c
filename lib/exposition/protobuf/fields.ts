import { FIXED64, LENGTH_DELIMITED, tag, VARINT } from './proto-writer';

/**
 * Field tags of Prometheus' `io.prometheus.client` protobuf messages
 * (client_model's metrics.proto), each as the varint value written before the field.
 */

export const METRIC_TYPE = { COUNTER: 0, GAUGE: 1, SUMMARY: 2, UNTYPED: 3, HISTOGRAM: 4 } as const;

export const FAMILY = {
  name: tag(1, LENGTH_DELIMITED),
  help: tag(2, LENGTH_DELIMITED),
  type: tag(3, VARINT),
  metric: tag(4, LENGTH_DELIMITED),
  unit: tag(5, LENGTH_DELIMITED),
} as const;

export const METRIC = {
  label: tag(1, LENGTH_DELIMITED),
  gauge: tag(2, LENGTH_DELIMITED),
  counter: tag(3, LENGTH_DELIMITED),
  summary: tag(4, LENGTH_DELIMITED),
  untyped: tag(5, LENGTH_DELIMITED),
  timestampMs: tag(6, VARINT),
  histogram: tag(7, LENGTH_DELIMITED),
} as const;

export const LABEL_PAIR = { name: tag(1, LENGTH_DELIMITED), value: tag(2, LENGTH_DELIMITED) } as const;

/** Gauge and Untyped: `value` = 1; Counter adds `exemplar` = 2 and `created_timestamp` = 3. */
export const VALUE = {
  value: tag(1, FIXED64),
  exemplar: tag(2, LENGTH_DELIMITED),
  created: tag(3, LENGTH_DELIMITED),
} as const;

export const SUMMARY = {
  sampleCount: tag(1, VARINT),
  sampleSum: tag(2, FIXED64),
  quantile: tag(3, LENGTH_DELIMITED),
  created: tag(4, LENGTH_DELIMITED),
} as const;

export const QUANTILE = { quantile: tag(1, FIXED64), value: tag(2, FIXED64) } as const;

export const HISTOGRAM = {
  sampleCount: tag(1, VARINT),
  sampleSum: tag(2, FIXED64),
  bucket: tag(3, LENGTH_DELIMITED),
  sampleCountFloat: tag(4, FIXED64),
  schema: tag(5, VARINT),
  zeroThreshold: tag(6, FIXED64),
  zeroCount: tag(7, VARINT),
  zeroCountFloat: tag(8, FIXED64),
  negativeSpan: tag(9, LENGTH_DELIMITED),
  negativeDelta: tag(10, LENGTH_DELIMITED),
  negativeCount: tag(11, LENGTH_DELIMITED),
  positiveSpan: tag(12, LENGTH_DELIMITED),
  positiveDelta: tag(13, LENGTH_DELIMITED),
  positiveCount: tag(14, LENGTH_DELIMITED),
  created: tag(15, LENGTH_DELIMITED),
  exemplars: tag(16, LENGTH_DELIMITED),
} as const;

export const BUCKET = {
  cumulativeCount: tag(1, VARINT),
  upperBound: tag(2, FIXED64),
  exemplar: tag(3, LENGTH_DELIMITED),
  cumulativeCountFloat: tag(4, FIXED64),
} as const;

export const BUCKET_SPAN = { offset: tag(1, VARINT), length: tag(2, VARINT) } as const;

export const EXEMPLAR = {
  label: tag(1, LENGTH_DELIMITED),
  value: tag(2, FIXED64),
  timestamp: tag(3, LENGTH_DELIMITED),
} as const;

/** google.protobuf.Timestamp */
export const TIMESTAMP = { seconds: tag(1, VARINT), nanos: tag(2, VARINT) } as const;
