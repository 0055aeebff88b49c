import type { NativeFieldTags } from '../../exposition';
import { FIXED64, LENGTH_DELIMITED, tag, VARINT } from '../../exposition';

/**
 * Field tags of the two Remote Write messages, each as the varint written
 * before the field: `prometheus.WriteRequest` (1.0, prompb/types.proto and
 * remote.proto) and `io.prometheus.write.v2.Request` (2.0-rc.4).
 */

/** Metadata types: the same numbers in both versions. */
export const REMOTE_METRIC_TYPE = {
  unknown: 0,
  counter: 1,
  gauge: 2,
  histogram: 3,
  summary: 5,
  info: 6,
  stateset: 7,
} as const;

export const V1_REQUEST = {
  timeseries: tag(1, LENGTH_DELIMITED),
  metadata: tag(3, LENGTH_DELIMITED),
} as const;

export const V1_SERIES = {
  label: tag(1, LENGTH_DELIMITED),
  sample: tag(2, LENGTH_DELIMITED),
  exemplar: tag(3, LENGTH_DELIMITED),
  histogram: tag(4, LENGTH_DELIMITED),
} as const;

export const V1_LABEL = { name: tag(1, LENGTH_DELIMITED), value: tag(2, LENGTH_DELIMITED) } as const;

export const V1_EXEMPLAR = {
  label: tag(1, LENGTH_DELIMITED),
  value: tag(2, FIXED64),
  timestamp: tag(3, VARINT),
} as const;

export const V1_METADATA = {
  type: tag(1, VARINT),
  familyName: tag(2, LENGTH_DELIMITED),
  help: tag(4, LENGTH_DELIMITED),
  unit: tag(5, LENGTH_DELIMITED),
} as const;

/** Sample in both versions; `start` (start_timestamp) is 2.0's only. */
export const SAMPLE = { value: tag(1, FIXED64), timestamp: tag(2, VARINT), start: tag(3, VARINT) } as const;

export const V2_REQUEST = { symbol: tag(4, LENGTH_DELIMITED), timeseries: tag(5, LENGTH_DELIMITED) } as const;

export const V2_SERIES = {
  labelsRefs: tag(1, LENGTH_DELIMITED),
  sample: tag(2, LENGTH_DELIMITED),
  histogram: tag(3, LENGTH_DELIMITED),
  exemplar: tag(4, LENGTH_DELIMITED),
  metadata: tag(5, LENGTH_DELIMITED),
} as const;

export const V2_EXEMPLAR = {
  labelsRefs: tag(1, LENGTH_DELIMITED),
  value: tag(2, FIXED64),
  timestamp: tag(3, VARINT),
} as const;

export const V2_METADATA = {
  type: tag(1, VARINT),
  helpRef: tag(3, VARINT),
  unitRef: tag(4, VARINT),
} as const;

/** Histogram in both versions; `customValues` and `start` are 2.0's only. */
export const HISTOGRAM = {
  countInt: tag(1, VARINT),
  countFloat: tag(2, FIXED64),
  sum: tag(3, FIXED64),
  resetHint: tag(14, VARINT),
  timestamp: tag(15, VARINT),
  customValues: tag(16, LENGTH_DELIMITED),
  start: tag(17, VARINT),
} as const;

export const HISTOGRAM_NATIVE_TAGS: NativeFieldTags = {
  schema: tag(4, VARINT),
  zeroThreshold: tag(5, FIXED64),
  zeroCount: tag(6, VARINT),
  zeroCountFloat: tag(7, FIXED64),
  negativeSpan: tag(8, LENGTH_DELIMITED),
  negativeDelta: tag(9, LENGTH_DELIMITED),
  negativeCount: tag(10, LENGTH_DELIMITED),
  positiveSpan: tag(11, LENGTH_DELIMITED),
  positiveDelta: tag(12, LENGTH_DELIMITED),
  positiveCount: tag(13, LENGTH_DELIMITED),
  markEmpty: false,
};

/** Schema −53: a classic histogram's buckets carried as a native histogram (custom buckets). */
export const CUSTOM_BUCKETS_SCHEMA = -53;

/** Prometheus' stale marker, a NaN whose bit pattern is 0x7ff0000000000002, as little-endian fixed64 bytes. */
export const STALE_NAN_BYTES = Uint8Array.of(2, 0, 0, 0, 0, 0, 0xf0, 0x7f);
