import { type CapturedTrace, type Gauge, type Histogram, reportInstrumentationFailure } from '../../core';
import { now, secondsSince, withTrace } from '../core-per-request';
import { type OpenMeasurement, RequestMeasurement, type RequestRecorder } from '../request-measurement';
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
  readonly unmatchedRoute: string;
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
 * How a recorder under OpenTelemetry's HTTP conventions starts a measurement
 * (`open`, called by the recorder's `begin` once the request is known to be
 * measured) and records it (`finish`): the same measurement as promkit's own,
 * labelled with the conventions' attributes. Chosen once, when the recorder
 * is made, so recorders under the Prometheus conventions do no more per
 * request than before.
 */
export function semconvRecording(parts: SemconvRecorderParts): {
  open: OpenMeasurement;
  finish: RequestRecorder['finish'];
} {
  const { duration, inFlight, requestSize, responseSize, unmatchedRoute } = parts;
  return {
    open(method, trace, requestBytes, request) {
      const httpMethod = requestMethod(method);
      const scheme = urlScheme(request);
      const active = inFlight.labels(httpMethod, scheme);
      active.inc();
      return new SemconvMeasurement(
        parts.recorder,
        httpMethod,
        now(),
        active,
        trace,
        requestBytes,
        scheme,
        protocolVersion(request),
      );
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
