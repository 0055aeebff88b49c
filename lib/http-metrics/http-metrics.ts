import {
  type CapturedTrace,
  claimMetric,
  DEFAULT_BUCKETS,
  type ExemplarsOption,
  exponentialBuckets,
  type Gauge,
  getDefaultRegistry,
  type Histogram,
  type MetricClaim,
  type MetricDeclaration,
  reportInstrumentationFailure,
  warnDeprecatedOption,
} from '../core';
import { captureTrace, now, secondsSince } from './core-per-request';
import { httpMetricNaming, UNMATCHED_ROUTE } from './metric-naming';
import type { HttpMetricName } from './naming-types';
import type { HttpMetricsOptions, SizeMetricOptions } from './options';
import { PathFilter } from './path-filter';
import { RequestMeasurement, type RequestRecorder } from './request-measurement';
import { RequestSeriesCache } from './request-series';
import { semconvRecording } from './semconv/semconv-recording';

export { UNMATCHED_ROUTE };

/**
 * The `status_code` of a request that got no response: its connection closed
 * before a status was sent (the client went away, or the handler failed
 * without answering). Like Envoy's `response_code="0"`, and outside every
 * `4..` and `5..` match.
 */
export const NO_RESPONSE_STATUS = '0';

/** The histogram defaults, named so native histograms can keep them alongside. */
const DURATION_BUCKETS = [...DEFAULT_BUCKETS];

/** 64 B to 16 MiB, four times apart. */
const SIZE_BUCKETS = exponentialBuckets(64, 4, 10);

/**
 * The end of one measured request: the route template it matched (undefined
 * when none did), its final status (undefined when no response was sent,
 * recorded as `NO_RESPONSE_STATUS`) and, when known, its response body size.
 * Calling it again does nothing, so 'finish' and 'close' may both report.
 */
export type RequestEnd = (
  route: string | undefined,
  statusCode: number | undefined,
  responseBytes?: number,
) => void;

/**
 * RED metrics of an HTTP server, independent of any framework: an adapter
 * calls `start` when a request arrives and the returned function when its
 * response has finished or its connection closed. Both never throw: a failed
 * measurement is counted in `promkit_instrumentation_errors_total` and the
 * request goes on.
 */
export class HttpMetrics implements RequestRecorder {
  /** Request durations: `http_request_duration_seconds{method,route,status_code}`, or OpenTelemetry's names. */
  readonly duration: Histogram<string>;
  readonly inFlight: Gauge<string>;
  readonly requestSize: Histogram<string> | undefined;
  readonly responseSize: Histogram<string> | undefined;
  private readonly excluded: PathFilter;
  private readonly unmatchedRoute: string;
  private readonly claims: MetricClaim<unknown>[] = [];
  /** Whether requests' exemplars come from their trace: adapters then read the `traceparent` header. */
  readonly takesTraceExemplars: boolean;
  /**
   * The property under which a request being measured keeps how to take its
   * measurement back (see `forget`). A property of the request, not a WeakMap
   * entry: a WeakMap entry per request costs microseconds, mostly in the
   * garbage collector.
   */
  private readonly cancelKey = Symbol('promkit.http-metrics.cancel');
  private readonly series: RequestSeriesCache;

  constructor(options: HttpMetricsOptions = {}) {
    const registry = options.registry ?? getDefaultRegistry();
    const prefix = options.prefix ?? '';
    const owner = options.owner ?? 'HTTP server metrics';
    const naming = httpMetricNaming(options, owner);
    // One rule for a name declared twice: the registered metric when it agrees (an app created
    // twice keeps one series), an error naming both otherwise.
    const claim = <const D extends MetricDeclaration<any>>(declaration: D) => {
      const held = claimMetric(registry, declaration, owner);
      this.claims.push(held);
      return held.metric;
    };
    const histogram = (metric: HttpMetricName, buckets: number[] | undefined, exemplars?: ExemplarsOption) =>
      claim({
        type: 'histogram',
        name: prefix + metric.name,
        help: metric.help,
        unit: metric.unit,
        otlpName: metric.otlpName,
        otlpAttributeNames: metric.otlpAttributeNames,
        labelNames: naming.labelNames,
        buckets,
        native: options.native,
        exemplars,
      });
    const sizeHistogram = (option: boolean | SizeMetricOptions | undefined, metric: HttpMetricName) =>
      option ? histogram(metric, sizeOption(option).buckets ?? SIZE_BUCKETS) : undefined;

    const exemplars = options.exemplars ?? 'trace';
    this.duration = histogram(
      naming.duration,
      // Classic buckets stay alongside native ones, so dashboards built on them keep working.
      options.buckets ?? naming.durationBuckets ?? (options.native ? DURATION_BUCKETS : undefined),
      exemplars,
    );
    this.takesTraceExemplars = exemplars === 'trace';
    this.inFlight = claim({
      type: 'gauge',
      name: prefix + naming.inFlight.name,
      help: naming.inFlight.help,
      otlpName: naming.inFlight.otlpName,
      otlpAttributeNames: naming.inFlight.otlpAttributeNames,
      labelNames: naming.inFlightLabelNames,
    });
    this.requestSize = sizeHistogram(options.requestSize, naming.requestSize);
    this.responseSize = sizeHistogram(options.responseSize, naming.responseSize);
    if (options.metricsPath !== undefined) {
      warnDeprecatedOption(owner, 'metricsPath', `list '${options.metricsPath}' in excludePaths instead`);
    }
    this.excluded = new PathFilter([options.metricsPath ?? '/metrics', ...(options.excludePaths ?? [])]);
    this.unmatchedRoute = options.unmatchedRoute ?? naming.unmatchedRoute;
    this.series = new RequestSeriesCache(this);
    if (naming.conventions === 'opentelemetry') {
      // Instance methods in place of the prototype's: the Prometheus conventions' per-request path stays as it is.
      const { open, finish } = semconvRecording({
        recorder: this,
        duration: this.duration,
        inFlight: this.inFlight,
        requestSize: this.requestSize,
        responseSize: this.responseSize,
        unmatchedRoute: this.unmatchedRoute,
      });
      this.open = open;
      this.finish = finish;
    }
  }

  /**
   * Lets go of the metrics: those no other recorder or code holds leave the
   * registry, so an app created again starts from zero. Requests still in
   * flight record into the metrics they started with.
   */
  close(): void {
    for (const held of this.claims.splice(0)) held.release();
  }

  /**
   * Starts measuring a request to `url` (path and query as served); undefined
   * when its path is excluded or the measurement could not start. The
   * request's `traceparent` header is the exemplar trace when no span is
   * active. With its node:http `request`, `forget` can take the measurement back.
   */
  start(
    method: string,
    url: string,
    requestBytes?: number,
    traceparent?: string,
    request?: object,
  ): RequestEnd | undefined {
    const measurement = this.begin(method, url, requestBytes, traceparent, request);
    return measurement === undefined
      ? undefined
      : (route, statusCode, responseBytes) => measurement.end(route, statusCode, responseBytes);
  }

  /**
   * `start` for adapters: the measurement itself, whose `end` records the
   * request. Never throws; a failure is counted and the request goes unmeasured.
   */
  begin(
    method: string,
    url: string,
    requestBytes?: number,
    traceparent?: string,
    request?: object,
  ): RequestMeasurement | undefined {
    try {
      if (this.excluded.excludes(url)) return undefined;
      // The request's span is active now, not necessarily in the listener that ends it.
      const trace = this.takesTraceExemplars ? captureTrace(traceparent) : undefined;
      const measurement = this.open(method, trace, requestBytes, request);
      if (request !== undefined) (request as Record<symbol, unknown>)[this.cancelKey] = measurement;
      return measurement;
    } catch (error) {
      reportInstrumentationFailure(this.duration.name, error);
      return undefined;
    }
  }

  /**
   * Counts a request that is measured in flight and starts its measurement,
   * under promkit's labels; OpenTelemetry's conventions put their own in its
   * place (see `semconvRecording`).
   */
  private open(
    method: string,
    trace: CapturedTrace | undefined,
    requestBytes: number | undefined,
    _request: object | undefined,
  ): RequestMeasurement {
    const series = this.series.ofMethod(method);
    series.inFlight.inc();
    return new RequestMeasurement(this, method, now(), series.inFlight, trace, requestBytes);
  }

  /**
   * Takes back the measurement of a request that turned out, once routed,
   * not to be one to measure, such as a metrics endpoint a framework's global
   * prefix moved: its in-flight count is released and nothing is recorded.
   */
  forget(request: object): void {
    const held = request as Record<symbol, unknown>;
    const measurement = held[this.cancelKey];
    if (!(measurement instanceof RequestMeasurement)) return;
    held[this.cancelKey] = undefined;
    measurement.cancel();
  }

  /** Records a request that has ended (see `RequestMeasurement.end`). */
  finish(
    measurement: RequestMeasurement,
    route: string | undefined,
    statusCode: number | undefined,
    responseBytes: number | undefined,
  ): void {
    // Adapters end requests from response event listeners, where a throw would end the process.
    try {
      const { trace, requestBytes } = measurement;
      measurement.inFlight.dec();
      const seconds = secondsSince(measurement.startedAt);
      const series = this.series.ended(measurement.method, route || this.unmatchedRoute, statusCode);
      series.observeDuration(seconds, trace);
      if (requestBytes !== undefined) series.observeRequestSize(requestBytes);
      if (responseBytes !== undefined) series.observeResponseSize(responseBytes);
    } catch (error) {
      reportInstrumentationFailure(this.duration.name, error);
    }
  }
}

function sizeOption(option: true | SizeMetricOptions): SizeMetricOptions {
  return option === true ? {} : option;
}
