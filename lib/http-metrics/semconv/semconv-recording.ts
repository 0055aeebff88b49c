import {
  type CapturedTrace,
  captureTrace,
  type Gauge,
  type Histogram,
  now,
  reportInstrumentationFailure,
  secondsSince,
  withTrace,
} from '../../core';
import type { PathFilter } from '../path-filter';
import { RequestMeasurement, type RequestRecorder } from '../request-measurement';
import {
  errorType,
  protocolVersion,
  requestMethod,
  responseStatusCode,
  urlScheme,
} from './semconv-attributes';

/** What the recorder lends its OpenTelemetry recording: its metrics and settings. */
export interface SemconvRecorderParts {
  readonly recorder: RequestRecorder;
  readonly duration: Histogram<string>;
  readonly inFlight: Gauge<string>;
  readonly requestSize: Histogram<string> | undefined;
  readonly responseSize: Histogram<string> | undefined;
  readonly excluded: PathFilter;
  readonly takesTraceExemplars: boolean;
  readonly unmatchedRoute: string;
  /** The request property `forget` reads the measurement from. */
  readonly cancelKey: symbol;
}

/** A request measured under OpenTelemetry's conventions: what its connection told when it arrived. */
class SemconvMeasurement extends RequestMeasurement {
  constructor(
    recorder: RequestRecorder,
    method: string,
    startedAt: number,
    inFlight: { dec(): void },
    trace: CapturedTrace | undefined,
    requestBytes: number | undefined,
    readonly scheme: string,
    readonly protocolVersion: string,
  ) {
    super(recorder, method, startedAt, inFlight, trace, requestBytes);
  }
}

/**
 * `begin` and `finish` of a recorder under OpenTelemetry's HTTP conventions:
 * the same measurement as promkit's own, labelled with the conventions'
 * attributes. Chosen once, when the recorder is made, so recorders under the
 * Prometheus conventions do no more per request than before.
 */
export function semconvRecording(parts: SemconvRecorderParts): Pick<RequestRecorder, 'finish'> & {
  begin(
    method: string,
    url: string,
    requestBytes?: number,
    traceparent?: string,
    request?: object,
  ): RequestMeasurement | undefined;
} {
  const { duration, inFlight, requestSize, responseSize, excluded, unmatchedRoute, cancelKey } = parts;
  return {
    begin(method, url, requestBytes, traceparent, request) {
      try {
        if (excluded.excludes(url)) return undefined;
        const trace = parts.takesTraceExemplars ? captureTrace(traceparent) : undefined;
        const httpMethod = requestMethod(method);
        const scheme = urlScheme(request);
        const active = inFlight.labels(httpMethod, scheme);
        active.inc();
        const measurement = new SemconvMeasurement(
          parts.recorder,
          httpMethod,
          now(),
          active,
          trace,
          requestBytes,
          scheme,
          protocolVersion(request),
        );
        if (request !== undefined) (request as Record<symbol, unknown>)[cancelKey] = measurement;
        return measurement;
      } catch (error) {
        reportInstrumentationFailure(duration.name, error);
        return undefined;
      }
    },

    finish(measurement, route, statusCode, responseBytes) {
      try {
        const {
          method,
          trace,
          requestBytes,
          scheme,
          protocolVersion: version,
        } = measurement as SemconvMeasurement;
        measurement.inFlight.dec();
        const seconds = secondsSince(measurement.startedAt);
        const template = route || unmatchedRoute;
        const status = responseStatusCode(statusCode);
        const error = errorType(statusCode);
        // The values one by one, in the declared order: a spread array would be built per request.
        const series = duration.labels(method, template, status, error, scheme, version);
        if (trace === undefined) series.observe(seconds);
        else withTrace(trace, () => series.observe(seconds));
        if (requestBytes !== undefined && requestSize !== undefined)
          requestSize.labels(method, template, status, error, scheme, version).observe(requestBytes);
        if (responseBytes !== undefined && responseSize !== undefined)
          responseSize.labels(method, template, status, error, scheme, version).observe(responseBytes);
      } catch (error) {
        reportInstrumentationFailure(duration.name, error);
      }
    },
  };
}
