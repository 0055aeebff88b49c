export type {
  DefaultMetricsOptions,
  HttpMetricsOptions,
  MetricsAuth,
  MetricsModuleOptions,
  MetricsModuleOtlpOptions,
  MetricsOptionsFactory,
  ModuleRemoteWriteOptions,
} from './metrics-module-options.interface';
export type { ResolvedMetricsOptions } from './resolved-metrics-options.interface';
