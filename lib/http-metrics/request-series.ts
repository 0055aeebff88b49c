import {
  type CapturedTrace,
  type Gauge,
  type GaugeSeries,
  type Histogram,
  type HistogramSeries,
  OVERFLOW_LABEL,
} from '../core';
import { seriesRemovals, withTrace } from './core-per-request';
import { statusText } from './status-text';

/** The metrics a request records into, labelled by method, then route and status. */
export interface RequestMetrics {
  readonly duration: Histogram<string>;
  readonly inFlight: Gauge<string>;
  readonly requestSize: Histogram<string> | undefined;
  readonly responseSize: Histogram<string> | undefined;
}

/**
 * The status code of a request that got no response: its text is the
 * `status_code` such requests are recorded with (`NO_RESPONSE_STATUS`).
 */
const NO_RESPONSE = 0;

/**
 * The overflow series stands for every label set past `maxSeries`, and each
 * call into it is counted: it is looked up per request, never kept.
 */
function isOverflow(series: { readonly labelNames: readonly string[] }): boolean {
  return series.labelNames.length === 1 && series.labelNames[0] === OVERFLOW_LABEL;
}

/**
 * The series of requests with one method, route template and final status.
 * The size series are looked up at their first observation, so a label set
 * whose sizes are never known gets none, as with `labels()` per request.
 */
export class EndedRequestSeries {
  private requestSizeSeries: HistogramSeries | undefined = undefined;
  private responseSizeSeries: HistogramSeries | undefined = undefined;
  /** The seconds `observeTraced` observes: `withTrace` calls it without arguments. */
  private tracedSeconds = 0;
  /** Made once per series, where a closure over each request's seconds would be made per request. */
  private readonly observeTraced = () => this.duration.observe(this.tracedSeconds);

  constructor(
    private readonly metrics: RequestMetrics,
    readonly duration: HistogramSeries,
    private readonly method: string,
    private readonly route: string,
    private readonly status: string,
  ) {}

  /** Observes a request's duration, with its trace as that of an exemplar sampled meanwhile. */
  observeDuration(seconds: number, trace: CapturedTrace | undefined): void {
    if (trace === undefined) {
      this.duration.observe(seconds);
      return;
    }
    this.tracedSeconds = seconds;
    withTrace(trace, this.observeTraced);
  }

  observeRequestSize(bytes: number): void {
    const metric = this.metrics.requestSize;
    if (metric !== undefined)
      this.requestSizeSeries = this.observeSize(metric, this.requestSizeSeries, bytes);
  }

  observeResponseSize(bytes: number): void {
    const metric = this.metrics.responseSize;
    if (metric !== undefined)
      this.responseSizeSeries = this.observeSize(metric, this.responseSizeSeries, bytes);
  }

  /** Observes `bytes` in the series `kept`, or else looks it up; returns the series to keep, none for the overflow series. */
  private observeSize(
    metric: Histogram<string>,
    kept: HistogramSeries | undefined,
    bytes: number,
  ): HistogramSeries | undefined {
    const series = kept ?? metric.labels(this.method, this.route, this.status);
    series.observe(bytes);
    return isOverflow(series) ? undefined : series;
  }
}

/**
 * What one method's requests to one route end in, by status code. The
 * series of the first status seen is kept at hand, the others in a map: a
 * route mostly answers with one status.
 */
class RouteSeries {
  private others: Map<number, EndedRequestSeries> | undefined = undefined;

  constructor(
    private readonly firstStatus: number,
    private readonly first: EndedRequestSeries,
  ) {}

  get(status: number): EndedRequestSeries | undefined {
    return status === this.firstStatus ? this.first : this.others?.get(status);
  }

  add(status: number, series: EndedRequestSeries): void {
    this.others ??= new Map();
    this.others.set(status, series);
  }
}

/**
 * The series of requests with one method: its in-flight count, and what its
 * requests end in by route template, then status code.
 */
export class MethodSeries {
  readonly byRoute = new Map<string, RouteSeries>();

  constructor(
    readonly method: string,
    readonly inFlight: GaugeSeries,
  ) {}
}

/**
 * The series of an HTTP recorder's requests, kept by method, route and status
 * code so that a request looks none up by its labels: a label lookup builds
 * an array of the values and walks the metric's series by each string. The
 * keys are bounded as the series are: overflow series are never kept, so
 * nothing is kept past the metrics' `maxSeries`.
 *
 * All are looked up again once series have been taken out of any metric
 * (`reset`, `remove`), so a request never records into a series a scrape no
 * longer sees.
 */
export class RequestSeriesCache {
  private methods = new Map<string, MethodSeries>();
  /** The method of the last request, at hand: most requests have the method of the one before. */
  private last: MethodSeries | undefined = undefined;
  private removals = seriesRemovals();

  constructor(private readonly metrics: RequestMetrics) {}

  /** The series of a request with this method, when it starts. */
  ofMethod(method: string): MethodSeries {
    return this.kept(method) ?? this.addMethod(method);
  }

  /** The kept series of a method, none since series were last removed. */
  private kept(method: string): MethodSeries | undefined {
    const removals = seriesRemovals();
    if (removals !== this.removals) {
      this.methods = new Map();
      this.last = undefined;
      this.removals = removals;
    }
    const last = this.last;
    if (last !== undefined && last.method === method) return last;
    return this.methods.get(method);
  }

  private addMethod(method: string): MethodSeries {
    const inFlight = this.metrics.inFlight.labels(method);
    const series = new MethodSeries(method, inFlight);
    if (isOverflow(inFlight)) return series;
    this.methods.set(method, series);
    this.last = series;
    return series;
  }

  /**
   * The series a request ends in, with its method, route template and
   * status. Its method's series are those kept now: when they are not (a
   * removal since the request started), it looks up its own.
   */
  ended(method: string, route: string, statusCode: number | undefined): EndedRequestSeries {
    const status = statusCode ?? NO_RESPONSE;
    const kept = this.kept(method);
    if (kept === undefined) return this.lookUp(method, route, status);
    return kept.byRoute.get(route)?.get(status) ?? this.addEnded(kept, route, status);
  }

  private addEnded(kept: MethodSeries, route: string, status: number): EndedRequestSeries {
    const series = this.lookUp(kept.method, route, status);
    if (isOverflow(series.duration)) return series;
    const byStatus = kept.byRoute.get(route);
    if (byStatus === undefined) kept.byRoute.set(route, new RouteSeries(status, series));
    else byStatus.add(status, series);
    return series;
  }

  private lookUp(method: string, route: string, status: number): EndedRequestSeries {
    const label = statusText(status);
    return new EndedRequestSeries(
      this.metrics,
      this.metrics.duration.labels(method, route, label),
      method,
      route,
      label,
    );
  }
}
