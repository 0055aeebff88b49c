import type { Registry } from '../../core';
import {
  anyString,
  checkOptions,
  isPlainObject,
  oneOf,
  recordOf,
  type ShapeFields,
  shape,
  valueRule,
} from '../../core/options';
import { MetricConfigError } from '../../core/validation';
import type { Temporality } from './otlp-data';
import type { OtlpEncoding } from './otlp-export';

/** What `pushOtlp` takes. */
export interface OtlpPushOptions {
  /** The OTLP/HTTP metrics endpoint, used as it is: `http://collector:4318/v1/metrics`. */
  url: string;
  /** The registry pushed (default: the global one). */
  registry?: Registry<any>;
  /** `'cumulative'` (default) or `'delta'`: counters and histograms report what changed since the previous push. */
  temporality?: Temporality;
  /** Headers of every request (authorization, say). */
  headers?: Record<string, string>;
  /** How long one request may take, in seconds (default 10, the OpenTelemetry exporters' default). */
  timeoutSeconds?: number;
  /** `'protobuf'` (default, `application/x-protobuf`) or `'json'` (`application/json`). */
  encoding?: OtlpEncoding;
}

export const DEFAULT_OTLP_TIMEOUT_SECONDS = 10;

const httpUrl = valueRule('an http(s) URL', (v) => {
  if (typeof v !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
});

const registryLike = valueRule(
  'a Registry',
  (v) => typeof v === 'object' && v !== null && typeof (v as { collect?: unknown }).collect === 'function',
);

/** The rules of `pushOtlp`'s options, shared by `startOtlpPush` and `MetricsModule.forRoot({ otlp })`. */
export const OTLP_PUSH_FIELDS: ShapeFields<OtlpPushOptions> = {
  url: httpUrl,
  registry: registryLike,
  temporality: oneOf('cumulative', 'delta'),
  headers: recordOf(anyString),
  timeoutSeconds: valueRule(
    'a number of seconds above 0',
    (v) => typeof v === 'number' && v > 0 && Number.isFinite(v),
  ),
  encoding: oneOf('protobuf', 'json'),
};

export const OTLP_PUSH_RULE = shape<OtlpPushOptions>(OTLP_PUSH_FIELDS);

/** The options checked at the call: a wrong one throws a MetricConfigError naming it. */
export function checkOtlpOptions<T extends OtlpPushOptions>(
  owner: string,
  rule: typeof OTLP_PUSH_RULE,
  options: unknown,
): T {
  if (!isPlainObject(options) || options.url === undefined) {
    throw new MetricConfigError(`${owner}: the option url is required (the OTLP/HTTP metrics endpoint)`);
  }
  return checkOptions<T>(owner, rule, options);
}
