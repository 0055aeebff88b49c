import type { ExemplarsOption, NativeHistogramOptions, Registry } from '../core';
import type { OtlpTranslationStrategy } from './semconv/semconv-naming';

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
  /**
   * Whose names the metrics and labels take: `'prometheus'` (default,
   * `http_request_duration_seconds{method,route,status_code}`) or
   * `'opentelemetry'`, OpenTelemetry's stable HTTP semantic conventions as
   * Prometheus' OTLP receiver stores them: `http_server_request_duration_seconds`
   * with the advised buckets and labels `http_request_method`, `http_route`,
   * `http_response_status_code`, `error_type`, `url_scheme`,
   * `network_protocol_version`; `http_server_active_requests`; the body size
   * histograms `http_server_request_body_size_bytes` and
   * `http_server_response_body_size_bytes`. OTLP pushes send them under their
   * OpenTelemetry names (`http.server.request.duration`, unit `s`).
   */
  readonly conventions?: 'prometheus' | 'opentelemetry';
  /**
   * With `conventions: 'opentelemetry'`: how the names are translated, as
   * Prometheus' `otlp.translation_strategy`. `'UnderscoreEscapingWithSuffixes'`
   * (default) as above; `'NoUTF8EscapingWithSuffixes'` keeps the dots
   * (`http.server.request.duration_seconds{"http.request.method"}`), served as
   * they are to scrapers that accept UTF-8 names and escaped to the names above
   * for the others; it needs `setNameValidationScheme('utf-8')`.
   */
  readonly translationStrategy?: OtlpTranslationStrategy;
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
