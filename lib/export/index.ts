export * from './exporter';
export * from './graphite';
export * from './http';
export * from './json-exporter';
export type { ExportLogger } from './logger';
export {
  type OtlpEncoding,
  type OtlpPush,
  OtlpPushError,
  type OtlpPushLoopOptions,
  type OtlpPushOptions,
  type OtlpPushResult,
  pushOtlp,
  startOtlpPush,
  type Temporality,
} from './otlp';
export * from './pushgateway';
