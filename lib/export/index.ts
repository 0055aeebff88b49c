export * from './exporter';
export * from './graphite';
export * from './http';
export * from './json-exporter';
export type { ExportLogger } from './logger';
export {
  OTLP_PUSH_LOOP_FIELDS,
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
export * from './remote-write';
export { MODULE_REMOTE_WRITE_RULE, type ModuleRemoteWriteOptions } from './remote-write/remote-write-options';
export * from './serverless';
