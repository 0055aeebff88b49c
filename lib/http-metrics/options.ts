import type { ExemplarsOption, NativeHistogramOptions, Registry } from '../core';

/** A size histogram: `true` for the default name and buckets, or either of them changed. */
export interface SizeMetricOptions {
  readonly name?: string;
  readonly buckets?: number[];
}

/** What the HTTP server metrics record and where; every field is optional. */
export interface HttpMetricsOptions {
  /** Registry to register into (default the global `register`). */
  readonly registry?: Registry<any>;
  /** Prepended to every metric name. */
  readonly prefix?: string;
  /** Histogram of request durations in seconds (default `http_request_duration_seconds`). */
  readonly durationName?: string;
  /** Gauge of requests being served, by method (default `http_requests_in_flight`). */
  readonly inFlightName?: string;
  /** Duration buckets in seconds (default 5 ms to 10 s). */
  readonly buckets?: number[];
  /**
   * Native histogram buckets for the duration and size histograms (`true` or
   * options), kept alongside the classic buckets; Prometheus scrapes them over protobuf.
   */
  readonly native?: boolean | NativeHistogramOptions;
  /**
   * The metrics endpoint, never measured (default `/metrics`).
   * @deprecated List the endpoint in `excludePaths`; `/metrics` is never measured either way.
   */
  readonly metricsPath?: string;
  /**
   * Request paths (as served, without the query) that are not measured:
   * exact strings or patterns. `/metrics` is never measured either.
   */
  readonly excludePaths?: ReadonlyArray<string | RegExp>;
  /** The `route` label of requests no route matched (default `<unmatched>`). */
  readonly unmatchedRoute?: string;
  /** Request body sizes from `Content-Length` (default off; `http_request_size_bytes`). */
  readonly requestSize?: boolean | SizeMetricOptions;
  /** Response body sizes from `Content-Length` (default off; `http_response_size_bytes`). */
  readonly responseSize?: boolean | SizeMetricOptions;
  /** Who declares the metrics, as errors about a clashing declaration name it (default `HTTP server metrics`). */
  readonly owner?: string;
  /**
   * `'trace'` (default): durations carry the request's trace as exemplars
   * (the OpenTelemetry span active when the request arrived, else its
   * `traceparent` header), rate-limited; `'none'` records none.
   */
  readonly exemplars?: ExemplarsOption;
}
