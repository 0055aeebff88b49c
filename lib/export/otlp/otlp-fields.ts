import { FIXED64, LENGTH_DELIMITED, tag, VARINT } from '../../exposition';

/**
 * Field tags of OTLP's metrics messages (opentelemetry-proto's
 * `collector/metrics/v1` and `metrics/v1`), each as the varint written before
 * the field.
 */

export const REQUEST = { resourceMetrics: tag(1, LENGTH_DELIMITED) } as const;
export const RESOURCE_METRICS = {
  resource: tag(1, LENGTH_DELIMITED),
  scopeMetrics: tag(2, LENGTH_DELIMITED),
} as const;
export const RESOURCE = { attributes: tag(1, LENGTH_DELIMITED) } as const;
export const SCOPE_METRICS = { scope: tag(1, LENGTH_DELIMITED), metrics: tag(2, LENGTH_DELIMITED) } as const;
export const SCOPE = { name: tag(1, LENGTH_DELIMITED) } as const;
export const KEY_VALUE = { key: tag(1, LENGTH_DELIMITED), value: tag(2, LENGTH_DELIMITED) } as const;
export const ANY_VALUE = { string: tag(1, LENGTH_DELIMITED) } as const;

export const METRIC = {
  name: tag(1, LENGTH_DELIMITED),
  description: tag(2, LENGTH_DELIMITED),
  unit: tag(3, LENGTH_DELIMITED),
  gauge: tag(5, LENGTH_DELIMITED),
  sum: tag(7, LENGTH_DELIMITED),
  histogram: tag(9, LENGTH_DELIMITED),
  exponentialHistogram: tag(10, LENGTH_DELIMITED),
  summary: tag(11, LENGTH_DELIMITED),
  metadata: tag(12, LENGTH_DELIMITED),
} as const;

/** Gauge, Sum, Histogram, ExponentialHistogram and Summary alike. */
export const AGGREGATE = {
  dataPoints: tag(1, LENGTH_DELIMITED),
  temporality: tag(2, VARINT),
  isMonotonic: tag(3, VARINT),
} as const;

/** start_time_unix_nano and time_unix_nano: the same in every data point. */
export const POINT_TIME = { start: tag(2, FIXED64), time: tag(3, FIXED64) } as const;

export const NUMBER_POINT = {
  asDouble: tag(4, FIXED64),
  exemplars: tag(5, LENGTH_DELIMITED),
  attributes: tag(7, LENGTH_DELIMITED),
} as const;

export const HISTOGRAM_POINT = {
  count: tag(4, FIXED64),
  sum: tag(5, FIXED64),
  bucketCounts: tag(6, LENGTH_DELIMITED),
  explicitBounds: tag(7, LENGTH_DELIMITED),
  exemplars: tag(8, LENGTH_DELIMITED),
  attributes: tag(9, LENGTH_DELIMITED),
} as const;

export const EXPONENTIAL_POINT = {
  attributes: tag(1, LENGTH_DELIMITED),
  count: tag(4, FIXED64),
  sum: tag(5, FIXED64),
  scale: tag(6, VARINT),
  zeroCount: tag(7, FIXED64),
  positive: tag(8, LENGTH_DELIMITED),
  negative: tag(9, LENGTH_DELIMITED),
  exemplars: tag(11, LENGTH_DELIMITED),
  zeroThreshold: tag(14, FIXED64),
} as const;

export const EXPONENTIAL_BUCKETS = {
  offset: tag(1, VARINT),
  bucketCounts: tag(2, LENGTH_DELIMITED),
} as const;

export const SUMMARY_POINT = {
  count: tag(4, FIXED64),
  sum: tag(5, FIXED64),
  quantileValues: tag(6, LENGTH_DELIMITED),
  attributes: tag(7, LENGTH_DELIMITED),
} as const;

export const VALUE_AT_QUANTILE = { quantile: tag(1, FIXED64), value: tag(2, FIXED64) } as const;

export const EXEMPLAR = {
  time: tag(2, FIXED64),
  asDouble: tag(3, FIXED64),
  spanId: tag(4, LENGTH_DELIMITED),
  traceId: tag(5, LENGTH_DELIMITED),
  filteredAttributes: tag(7, LENGTH_DELIMITED),
} as const;
