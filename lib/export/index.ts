export * from './exporter';
export * from './graphite';
export * from './http';
export * from './json-exporter';
export type { ExportLogger } from './logger';
export {
  type OtlpEncoding,
  OtlpPushError,
  type OtlpPushOptions,
  type OtlpPushResult,
  pushOtlp,
  type Temporality,
} from './otlp';
export * from './pushgateway';
