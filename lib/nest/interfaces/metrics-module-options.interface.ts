import type { DefaultMetricsCollectorConfiguration } from '../../collectors';
import type { ExemplarsOption, NativeHistogramOptions, Registry } from '../../core';
import type { MetricsAuth } from '../../export';

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

/** What `forRoot` takes, and what a `forRootAsync` factory returns. */
export interface MetricsModuleOptions {
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
  /** Serve OpenMetrics to scrapers that ask for it (default true). */
  openMetrics?: boolean;
  /** Compress when the scraper accepts gzip (default true). */
  gzip?: boolean;
  /** Require basic auth (`{ username, password }`) or a bearer token (`{ bearer }`). */
  auth?: MetricsAuth;
  /** Scrapes the endpoint answers at once (default 10); more get 503, as client_golang's `MaxRequestsInFlight`. */
  maxInFlight?: number;
  /**
   * Serve metrics on their own server on this port (0 picks a free port)
   * instead of the app; the app's endpoint then answers 404.
   */
  port?: number;
  /** Host of the separate server (default `0.0.0.0`). */
  host?: string;
  /** HTTP request metrics; on by default. */
  httpMetrics?: boolean | HttpMetricsOptions;
}

/** A class whose `createMetricsOptions()` gives `forRootAsync({ useClass | useExisting })` its options. */
export interface MetricsOptionsFactory {
  createMetricsOptions(): MetricsModuleOptions | Promise<MetricsModuleOptions>;
}
