export type { EscapingScheme } from '../model';
export { EXEMPLAR_MAX_CODE_POINTS, formatCanonical, formatNumber } from '../model';
export { OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE, PROTOBUF_CONTENT_TYPE } from './content-type';
export { escapeHelpOpenMetrics, escapeHelpText, escapeLabelValue } from './escape';
export type { ExpositionWriter, FormatWriter } from './exposition-writer';
export { formatTimestampMs, formatTimestampSeconds } from './format-timestamp';
export { labelSetText } from './label-text';
export type {
  ExpositionFormat,
  NegotiatedFormat,
  NegotiateOptions,
  TextExpositionFormat,
} from './negotiate';
export { negotiate } from './negotiate';
export { OPENMETRICS_EOF, writeOpenMetrics, writeOpenMetricsBody } from './openmetrics-format';
export { type NativeFieldTags, writeNativeFields } from './protobuf/native-encoding';
export { FIXED64, LENGTH_DELIMITED, ProtoWriter, tag, VARINT } from './protobuf/proto-writer';
export { PROTOBUF_WRITER, writeProtobuf } from './protobuf/protobuf-format';
export { writtenFromCopy } from './series-label-bytes';
export { formatTextNumber, writeText } from './text-format';
export type { WriteOptions } from './write-options';
export { textFormatOf, writerFor } from './writers';
