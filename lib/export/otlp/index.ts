export type { Temporality } from './otlp-data';
export type { OtlpEncoding } from './otlp-export';
export {
  OTLP_PUSH_LOOP_FIELDS,
  OTLP_PUSH_LOOP_RULE,
  type OtlpPushLoopOptions,
  type OtlpPushOptions,
} from './otlp-options';
export { OtlpPushError, type OtlpPushResult, pushOtlp } from './push-otlp';
export { type OtlpPush, startOtlpPush } from './start-otlp-push';
