import type { DefaultMetricsCollectorConfiguration } from '../../collectors';
import type { ExemplarsOption, NativeHistogramOptions, Registry } from '../../core';
import type { MetricsAuth, MetricsServerOptions } from '../../export';

export type { MetricsAuth };

export type DefaultMetricsOptions = Omit<DefaultMetricsCollectorConfiguration, 'register'>;

/** HTTP request metrics of the app (names and labels as promkit's HTTP server metrics). */
export interface HttpMetricsOptions {
  /** Histogram of request durations in seconds (default `http_request_duration_seconds`). */
  durationName?: string;
  /** Gauge of requests being served (default `http_requests_in_flight`). */
  inFlightName?: string;
  buckets?: number[];
  /** Native histogram buckets for the durations too (`true` or options), for Prometheus scraping protobuf. */
  native?: boolean | NativeHistogramOptions;
  /**
   * Request paths not measured, as served: with `app.setGlobalPrefix('api')`
   * the health route is `/api/health`. Strings match exactly (the query is
   * ignored), patterns are tested. The metrics endpoint is never measured,
   * wherever it is served.
   */
  excludePaths?: (string | RegExp)[];
  /** The `route` label of requests no route matched (default `<unmatched>`). */
  unmatchedRoute?: string;
  /**
   * `'trace'` (default): durations carry the request's trace as exemplars
   * (the OpenTelemetry span active when the request arrived, else its
   * `traceparent` header), rate-limited; `'none'` records none.
   */
  exemplars?: ExemplarsOption;
}

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
}

/** A class whose `createMetricsOptions()` gives `forRootAsync({ useClass | useExisting })` its options. */
export interface MetricsOptionsFactory {
  createMetricsOptions(): MetricsModuleOptions | Promise<MetricsModuleOptions>;
}
