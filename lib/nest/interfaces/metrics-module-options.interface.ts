import type { DefaultMetricsCollectorConfiguration } from '../../collectors';
import type { MetricPolicy, Registry } from '../../core';
import type {
  MetricsAuth,
  MetricsServerOptions,
  ModuleRemoteWriteOptions,
  OtlpPushLoopOptions,
} from '../../export';
import type { HttpMetricsOptions as HttpServerMetricsOptions } from '../../http-metrics';

export type { MetricsAuth, ModuleRemoteWriteOptions };

/**
 * Push to an OTLP/HTTP receiver while the app runs: `startOtlpPush`'s options
 * but the registry, which is what the module serves (the merged view with
 * `aggregated`). The push starts with the app and its last collection is sent
 * when the app closes.
 */
export type MetricsModuleOtlpOptions = Omit<OtlpPushLoopOptions, 'registry'>;

/** `collectDefaultMetrics` options for `MetricsModule` (its registry is the module's). */
export type DefaultMetricsOptions = Omit<DefaultMetricsCollectorConfiguration, 'register'>;

/**
 * HTTP request metrics of the app: the options of promkit's HTTP server
 * metrics, but those the module sets itself (`registry` and `prefix` are the
 * module's; its endpoint is never measured, wherever it is served).
 * `excludePaths` are paths as served: with `app.setGlobalPrefix('api')` the
 * health route is `/api/health`.
 */
export type HttpMetricsOptions = Omit<
  HttpServerMetricsOptions,
  'registry' | 'prefix' | 'owner' | 'metricsPath'
>;

/**
 * What `forRoot` takes, and what a `forRootAsync` factory returns. The scrape
 * options (`gzip`, `openMetrics`, `protobuf`, `auth`, `maxInFlight`) are the
 * standalone server's and apply to the endpoint wherever it is served; `host`,
 * `tls` and `keepAlive` apply to the separate server on `port`.
 */
export interface MetricsModuleOptions extends MetricsServerOptions {
  /** The registry to scrape and register into (default: the global `register`). */
  registry?: Registry<any>;
  /**
   * Serve the merged view of several processes or threads instead of this
   * process's registry: an `AggregatorRegistry` (cluster), a `WorkerRegistry`
   * (worker threads), a `MultiprocessDirectory` (PM2 and other process
   * managers), or the `aggregated` registry of one. Metrics are still
   * recorded in `registry`, which the deployment reports.
   */
  aggregated?: Registry<any> | { readonly aggregated: Registry<any> };
  /** Process and runtime metrics; `false` turns them off, an object configures them. */
  defaultMetrics?: boolean | DefaultMetricsOptions;
  /** Labels added to every series of the registry. */
  defaultLabels?: Record<string, string | number>;
  /** Prepended to the names of the metrics the module creates (HTTP and default metrics). */
  prefix?: string;
  /**
   * Serve metrics on their own server on this port (0 picks a free port)
   * instead of the app; the app's endpoint then answers 404.
   */
  readonly port?: number;
  /** HTTP request metrics; on by default. */
  httpMetrics?: boolean | HttpMetricsOptions;
  /**
   * Also push the served registry to a Remote Write receiver every
   * `intervalSeconds` while the app runs (`startRemoteWrite`), with stale
   * markers when it closes. With `aggregated`, only the process that merges
   * the view sends it (PM2's instance 0, the main thread): cluster workers and
   * worker threads leave it to their primary.
   */
  remoteWrite?: ModuleRemoteWriteOptions;
  /** Push the metrics to an OTLP/HTTP receiver (an OpenTelemetry Collector, say) every `intervalSeconds`. */
  otlp?: MetricsModuleOtlpOptions;
  /**
   * The registry's instrumentation policy (`registry.setPolicy`), in place
   * before any metric of the app is declared: deny, accept and rename metrics,
   * rewrite or cap label values, buckets and native histograms by name
   * (docs/policy.md). `overridePolicy(policy, policyFromEnv())` lets an
   * operator change it; an invalid policy stops the app at start.
   */
  policy?: MetricPolicy;
}

/** A class whose `createMetricsOptions()` gives `forRootAsync({ useClass | useExisting })` its options. */
export interface MetricsOptionsFactory {
  createMetricsOptions(): MetricsModuleOptions | Promise<MetricsModuleOptions>;
}
