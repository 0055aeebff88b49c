import { MetricConfigError } from '../../core';
import { HttpClientMetrics } from './client-metrics';
import { measureNodeHttp } from './node-http-channels';
import type { HttpClientMetricsOptions } from './options';
import { measureUndici } from './undici-channels';

export interface HttpClientInstrumentation {
  /** Stops measuring; the metrics stay registered with their values. */
  stop(): void;
}

/** Duration histograms being fed, so one registry is never fed twice for each request. */
const active = new WeakSet<object>();

/**
 * Measures every outgoing HTTP request of the process, through Node's
 * diagnostics channels (nothing is patched): `fetch` and undici, and
 * `http.request`/`https.request` with what is built on them. Opt-in, like
 * client_golang's `InstrumentRoundTripper*`:
 * `http_client_request_duration_seconds{host,method,status_code}` (until the
 * response headers), `http_client_requests_in_flight{host}` and
 * `http_client_request_errors_total{host,method,reason}`.
 */
export function instrumentHttpClients(options: HttpClientMetricsOptions = {}): HttpClientInstrumentation {
  const metrics = new HttpClientMetrics(options);
  if (active.has(metrics.duration)) {
    throw new MetricConfigError(
      `HTTP client metrics: "${metrics.duration.name}" is already fed by instrumentHttpClients(); stop() that one first, or every request would count twice`,
    );
  }
  const clients = new Set(options.clients ?? ['undici', 'http']);
  const stops = [
    ...(clients.has('undici') ? [measureUndici(metrics)] : []),
    ...(clients.has('http') ? [measureNodeHttp(metrics)] : []),
  ];
  active.add(metrics.duration);
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      for (const stop of stops) stop();
      active.delete(metrics.duration);
    },
  };
}
