import { MetricConfigError } from '../core';
import type { HttpMetricName, HttpMetricNaming } from './naming-types';
import type { HttpMetricsOptions } from './options';
import { semconvNaming } from './semconv/semconv-naming';

/** The `route` label of requests no route matched, so random URLs cannot explode the series count. */
export const UNMATCHED_ROUTE = '<unmatched>';

/** promkit's own names, the Prometheus way: `http_request_duration_seconds{method,route,status_code}`. */
const PROMETHEUS_NAMING: HttpMetricNaming = {
  conventions: 'prometheus',
  duration: {
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests in seconds, by route template and final status.',
  },
  inFlight: { name: 'http_requests_in_flight', help: 'HTTP requests being served.' },
  requestSize: {
    name: 'http_request_size_bytes',
    help: 'Sizes of HTTP request bodies in bytes (Content-Length), by route template and final status.',
  },
  responseSize: {
    name: 'http_response_size_bytes',
    help: 'Sizes of HTTP response bodies in bytes (Content-Length), by route template and final status.',
  },
  labelNames: ['method', 'route', 'status_code'],
  inFlightLabelNames: ['method'],
  durationBuckets: undefined,
  unmatchedRoute: UNMATCHED_ROUTE,
};

/**
 * The naming `options` ask for. A name given explicitly (`durationName`,
 * `inFlightName`, a size histogram's `name`) is used as it is, whatever the
 * conventions: it is then the app's own metric, with no unit or OTLP name.
 */
export function httpMetricNaming(options: HttpMetricsOptions, owner: string): HttpMetricNaming {
  const conventions = options.conventions ?? 'prometheus';
  let naming: HttpMetricNaming;
  if (conventions === 'opentelemetry') {
    naming = semconvNaming(options.translationStrategy, owner);
  } else if (conventions === 'prometheus') {
    if (options.translationStrategy !== undefined) {
      throw new MetricConfigError(
        `${owner}: option translationStrategy applies to conventions 'opentelemetry' only (conventions is 'prometheus')`,
      );
    }
    naming = PROMETHEUS_NAMING;
  } else {
    throw new MetricConfigError(
      `${owner}: option conventions must be 'prometheus' or 'opentelemetry', got ${JSON.stringify(conventions)}`,
    );
  }
  return {
    ...naming,
    duration: renamed(naming.duration, options.durationName),
    inFlight: renamed(naming.inFlight, options.inFlightName),
    requestSize: renamed(naming.requestSize, sizeName(options.requestSize)),
    responseSize: renamed(naming.responseSize, sizeName(options.responseSize)),
  };
}

function renamed(metric: HttpMetricName, name: string | undefined): HttpMetricName {
  return name === undefined ? metric : { name, help: metric.help };
}

function sizeName(option: HttpMetricsOptions['requestSize']): string | undefined {
  return typeof option === 'object' ? option.name : undefined;
}
