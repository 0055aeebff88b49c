import { escapeName, getNameValidationScheme, MetricConfigError } from '../../core';
import type { HttpMetricName, HttpMetricNaming } from '../naming-types';

/**
 * How Prometheus' OTLP receiver (`otlp.translation_strategy`) names an
 * OpenTelemetry metric, which these conventions follow so that a scrape and
 * an OTLP push land under the same series names:
 * `UnderscoreEscapingWithSuffixes` (Prometheus' default) writes
 * `http_server_request_duration_seconds` with labels `http_request_method`,
 * ...; `NoUTF8EscapingWithSuffixes` keeps the dots
 * (`http.server.request.duration_seconds`, `http.request.method`), which needs
 * UTF-8 names (`setNameValidationScheme('utf-8')`) and reaches scrapers that
 * cannot read them escaped, as every UTF-8 name does.
 */
export type OtlpTranslationStrategy = 'UnderscoreEscapingWithSuffixes' | 'NoUTF8EscapingWithSuffixes';

/**
 * The attributes of `http.server.request.duration` and the body size
 * histograms in OpenTelemetry's stable HTTP semantic conventions (v1.23+), in
 * the order the recorder gives their values. `server.address` and
 * `server.port` are opt-in there and left out: a Host header is the client's
 * to choose, so it would let clients grow the series count.
 */
export const SEMCONV_ATTRIBUTES = [
  'http.request.method',
  'http.route',
  'http.response.status_code',
  'error.type',
  'url.scheme',
  'network.protocol.version',
] as const;

/** The attributes of `http.server.active_requests`: its required ones. */
export const SEMCONV_ACTIVE_ATTRIBUTES = ['http.request.method', 'url.scheme'] as const;

/** The boundaries the conventions advise for `http.server.request.duration`, in seconds. */
export const SEMCONV_DURATION_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

const STRATEGIES: readonly OtlpTranslationStrategy[] = [
  'UnderscoreEscapingWithSuffixes',
  'NoUTF8EscapingWithSuffixes',
];

/**
 * The HTTP server metrics as OpenTelemetry names them, translated the way
 * `strategy` does (default `UnderscoreEscapingWithSuffixes`). Requests no
 * route matched have no `http.route`, as the conventions ask: an empty value,
 * which Prometheus stores as no label.
 */
export function semconvNaming(
  strategy: OtlpTranslationStrategy | undefined,
  owner: string,
): HttpMetricNaming {
  const chosen = strategy ?? 'UnderscoreEscapingWithSuffixes';
  if (!STRATEGIES.includes(chosen)) {
    throw new MetricConfigError(
      `${owner}: option translationStrategy must be ${STRATEGIES.map((s) => `'${s}'`).join(' or ')}, got ${JSON.stringify(strategy)}`,
    );
  }
  const dotted = chosen === 'NoUTF8EscapingWithSuffixes';
  if (dotted && getNameValidationScheme() === 'legacy') {
    throw new MetricConfigError(
      `${owner}: option translationStrategy 'NoUTF8EscapingWithSuffixes' names metrics and labels with dots (http.server.request.duration_seconds), which needs UTF-8 names: call setNameValidationScheme('utf-8') before, or use 'UnderscoreEscapingWithSuffixes'`,
    );
  }
  // Only the underscores scheme: names are ASCII, and the suffixes strategies never use another escaping.
  const translated = (name: string) => (dotted ? name : escapeName(name, 'underscores'));
  const attributeNames = (attributes: readonly string[]) =>
    dotted ? undefined : Object.fromEntries(attributes.map((a) => [translated(a), a]));
  const metric = (
    otlpName: string,
    help: string,
    unit?: string,
    attributes: readonly string[] = SEMCONV_ATTRIBUTES,
  ): HttpMetricName => ({
    name: translated(otlpName),
    help,
    unit,
    otlpName,
    otlpAttributeNames: attributeNames(attributes),
  });
  return {
    conventions: 'opentelemetry',
    duration: metric('http.server.request.duration', 'Duration of HTTP server requests.', 'seconds'),
    // Its OpenTelemetry unit, `{request}`, is an annotation: the translation leaves such units out of the name.
    inFlight: metric(
      'http.server.active_requests',
      'Number of active HTTP server requests.',
      undefined,
      SEMCONV_ACTIVE_ATTRIBUTES,
    ),
    requestSize: metric('http.server.request.body.size', 'Size of HTTP server request bodies.', 'bytes'),
    responseSize: metric('http.server.response.body.size', 'Size of HTTP server response bodies.', 'bytes'),
    labelNames: SEMCONV_ATTRIBUTES.map(translated),
    inFlightLabelNames: SEMCONV_ACTIVE_ATTRIBUTES.map(translated),
    durationBuckets: [...SEMCONV_DURATION_BUCKETS],
    unmatchedRoute: '',
  };
}
