import type { Registry } from '../../core';

/** The HTTP clients whose requests are measured. */
export type HttpClientKind = 'undici' | 'http';

/** `instrumentHttpClients`' options: the registry, the metric names and buckets, and how hosts are labelled. */
export interface HttpClientMetricsOptions {
  /** Registry to register into (default the global `register`). */
  readonly registry?: Registry<any>;
  /** Prepended to every metric name. */
  readonly prefix?: string;
  /** Histogram of the time to the response headers (default `http_client_request_duration_seconds`). */
  readonly durationName?: string;
  /** Gauge of requests awaiting their response, by host (default `http_client_requests_in_flight`). */
  readonly inFlightName?: string;
  /** Counter of requests that got no response (default `http_client_request_errors_total`). */
  readonly errorsName?: string;
  /** Duration buckets in seconds (default 5 ms to 10 s). */
  readonly buckets?: number[];
  /**
   * Which clients to measure (default both): `undici` covers the global
   * `fetch` and the undici package, `http` covers `http.request`/`https.request`
   * and libraries built on them (axios, got, node-fetch).
   */
  readonly clients?: readonly HttpClientKind[];
  /**
   * The `host` label of a request's host (`name` or `name:port`): return
   * another value to group hosts, or undefined to leave its requests out.
   */
  readonly hostLabel?: (host: string) => string | undefined;
  /**
   * Distinct hosts labelled before further ones share the label `<other>`,
   * so calls to arbitrary URLs cannot grow the series without bound (default 100).
   */
  readonly maxHosts?: number;
}
