import {
  type Counter,
  type Gauge,
  getDefaultRegistry,
  getOrCreateMetric,
  type Histogram,
  type MetricDeclaration,
  now,
  secondsSince,
} from '../../core';
import { failureReason } from './failure-reason';
import { HostLabels } from './host-labels';
import type { HttpClientMetricsOptions } from './options';

interface Outgoing {
  readonly host: string;
  readonly method: string;
  readonly startedAt: number;
  readonly inFlight: ReturnType<Gauge<'host'>['labels']>;
}

type Carrier = Record<symbol, Outgoing | undefined>;

const DEFAULT_MAX_HOSTS = 100;

/**
 * Outgoing request metrics, fed by the clients' diagnostics channels: a
 * request starts, then gets its response headers, fails, or ends some other
 * way (an upgrade). The client's own request object carries its measurement
 * under a symbol, so one that never reports back goes with it; a WeakMap
 * entry per request would cost microseconds, mostly in the garbage collector.
 */
export class HttpClientMetrics {
  readonly duration: Histogram<'host' | 'method' | 'status_code'>;
  readonly inFlight: Gauge<'host'>;
  readonly errors: Counter<'host' | 'method' | 'reason'>;
  private readonly hosts: HostLabels;
  private readonly key = Symbol('promkit.http-client-metrics');

  constructor(options: HttpClientMetricsOptions = {}) {
    const registry = options.registry ?? getDefaultRegistry();
    const prefix = options.prefix ?? '';
    const owner = 'HTTP client metrics';
    this.hosts = new HostLabels(options.hostLabel, options.maxHosts ?? DEFAULT_MAX_HOSTS);
    const declare = <const D extends MetricDeclaration<any>>(declaration: D) =>
      getOrCreateMetric(registry, declaration, owner);
    this.duration = declare({
      type: 'histogram',
      name: prefix + (options.durationName ?? 'http_client_request_duration_seconds'),
      help: 'Time from sending HTTP requests to receiving their response headers, in seconds.',
      labelNames: ['host', 'method', 'status_code'],
      buckets: options.buckets,
    });
    this.inFlight = declare({
      type: 'gauge',
      name: prefix + (options.inFlightName ?? 'http_client_requests_in_flight'),
      help: 'Outgoing HTTP requests waiting for their response headers.',
      labelNames: ['host'],
    });
    this.errors = declare({
      type: 'counter',
      name: prefix + (options.errorsName ?? 'http_client_request_errors_total'),
      help: 'Outgoing HTTP requests that got no response (connection refused, DNS failure, timeout, abort).',
      labelNames: ['host', 'method', 'reason'],
    });
  }

  /** Starts measuring; false when the host is left out. */
  start(request: object, host: string, method: string): boolean {
    const label = this.hosts.labelOf(host);
    if (label === undefined) return false;
    const inFlight = this.inFlight.labels(label);
    inFlight.inc();
    (request as Carrier)[this.key] = { host: label, method, startedAt: now(), inFlight };
    return true;
  }

  responded(request: object, statusCode: number): void {
    const outgoing = this.take(request);
    if (outgoing === undefined) return;
    this.duration
      .labels(outgoing.host, outgoing.method, String(statusCode))
      .observe(secondsSince(outgoing.startedAt));
  }

  failed(request: object, error: unknown): void {
    const outgoing = this.take(request);
    if (outgoing !== undefined)
      this.errors.labels(outgoing.host, outgoing.method, failureReason(error)).inc();
  }

  /** The request ended without a response to time or an error to count (e.g. an upgrade). */
  ended(request: object): void {
    this.take(request);
  }

  isPending(request: object): boolean {
    return (request as Carrier)[this.key] !== undefined;
  }

  private take(request: object): Outgoing | undefined {
    const carrier = request as Carrier;
    const outgoing = carrier[this.key];
    if (outgoing === undefined) return undefined;
    carrier[this.key] = undefined;
    outgoing.inFlight.dec();
    return outgoing;
  }
}
