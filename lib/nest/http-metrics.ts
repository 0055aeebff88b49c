import {
  captureTrace,
  type Gauge,
  type Histogram,
  type Registry,
  reportInstrumentationFailure,
  withTrace,
} from '../core';
import { now, secondsSince } from '../core/timer';
import { getOrCreateMetric } from './feature-metric-definition';
import { UNMATCHED_ROUTE } from './metrics.constants';
import type { HttpMetricsOptions } from './metrics-options.interface';

type HttpLabel = 'method' | 'route' | 'status_code';

/** The end of one measured request: the route template it matched (if any) and its final status. */
export type FinishRequest = (route: string | undefined, statusCode: number) => void;

/**
 * Request duration and in-flight metrics. Platform-neutral: the installers
 * call `start` when a request arrives and the returned function when its
 * response has finished, with the final status (after guards, pipes and
 * exception filters have had their say).
 */
export class HttpMetrics {
  private readonly duration: Histogram<HttpLabel>;
  private readonly inFlight: Gauge<'method'>;
  private readonly excluded: Set<string>;
  private readonly unmatchedRoute: string;
  private readonly tracesExemplars: boolean;

  constructor(registry: Registry<any>, prefix: string, metricsPath: string, options: HttpMetricsOptions) {
    this.duration = getOrCreateMetric(registry, {
      type: 'histogram',
      name: prefix + (options.durationName ?? 'http_request_duration_seconds'),
      help: 'Duration of HTTP requests in seconds, by route template and final status.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: options.buckets,
      exemplars: options.exemplars ?? 'trace',
      registers: [],
    });
    this.inFlight = getOrCreateMetric(registry, {
      type: 'gauge',
      name: prefix + (options.inFlightName ?? 'http_requests_in_flight'),
      help: 'HTTP requests being served.',
      labelNames: ['method'],
      registers: [],
    });
    this.excluded = new Set([metricsPath, ...(options.excludePaths ?? [])]);
    this.unmatchedRoute = options.unmatchedRoute ?? UNMATCHED_ROUTE;
    this.tracesExemplars = (options.exemplars ?? 'trace') === 'trace';
  }

  /**
   * Starts measuring a request; undefined when its path is excluded or the
   * measurement failed (reported, never thrown: the request must go on). The
   * request's `traceparent` header is the exemplar trace when no span is active.
   */
  start(method: string, url: string, traceparent?: unknown): FinishRequest | undefined {
    try {
      return this.measure(method, url, typeof traceparent === 'string' ? traceparent : undefined);
    } catch (error) {
      reportInstrumentationFailure(this.duration.name, error);
      return undefined;
    }
  }

  private measure(method: string, url: string, traceparent: string | undefined): FinishRequest | undefined {
    const query = url.indexOf('?');
    if (this.excluded.has(query < 0 ? url : url.slice(0, query))) return undefined;
    // The request's span is active now, not necessarily in the listener that ends it.
    const trace = this.tracesExemplars ? captureTrace(traceparent) : undefined;
    const startedAt = now();
    const inFlight = this.inFlight.labels(method);
    inFlight.inc();
    let finished = false;
    return (route, statusCode) => {
      // Both 'finish' and 'close' may report the same response.
      if (finished) return;
      finished = true;
      // Runs in a response event listener, where a throw would take the process down.
      try {
        inFlight.dec();
        const seconds = secondsSince(startedAt);
        const duration = this.duration.labels(method, route || this.unmatchedRoute, String(statusCode));
        withTrace(trace, () => duration.observe(seconds));
      } catch (error) {
        reportInstrumentationFailure(this.duration.name, error);
      }
    };
  }
}
