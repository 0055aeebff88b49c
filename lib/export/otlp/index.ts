export type { Temporality } from './otlp-data';
export type { OtlpEncoding } from './otlp-export';
export { OTLP_PUSH_FIELDS, type OtlpPushOptions } from './otlp-options';
export { OtlpPushError, type OtlpPushResult, pushOtlp } from './push-otlp';
