import type { Registry } from '../../core';
import {
  anyString,
  checkOptions,
  isPlainObject,
  MetricConfigError,
  oneOf,
  recordOf,
  type ShapeFields,
  shape,
  timerWait,
  valueRule,
} from '../../core';
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

/** The sender's name in the `remote_name` label of promkit's delivery metrics. */
export const OTLP_REMOTE_NAME = 'otlp';

const httpUrl = valueRule('an http(s) URL', (v) => {
  if (typeof v !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
});

const seconds = timerWait('seconds');

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
  timeoutSeconds: seconds,
  encoding: oneOf('protobuf', 'json'),
};

export const OTLP_PUSH_RULE = shape<OtlpPushOptions>(OTLP_PUSH_FIELDS);

/** What `startOtlpPush` takes: `pushOtlp`'s options, how often, and how much may wait while the receiver is away. */
export interface OtlpPushLoopOptions extends OtlpPushOptions {
  /** Seconds between two collections. */
  intervalSeconds: number;
  /** The most data points queued while the receiver is unavailable (default 100 000); the oldest pushes are dropped past it. */
  maxPendingDataPoints?: number;
  /** The most payload bytes queued (default 16 MiB); the oldest pushes are dropped past it. */
  maxPendingBytes?: number;
}

const atLeastOne = valueRule('a whole number of 1 or more', (v) => Number.isInteger(v) && (v as number) >= 1);

/** The rules of `startOtlpPush`'s options, and of `MetricsModule.forRoot({ otlp })`. */
export const OTLP_PUSH_LOOP_FIELDS: ShapeFields<OtlpPushLoopOptions> = {
  ...OTLP_PUSH_FIELDS,
  intervalSeconds: seconds,
  maxPendingDataPoints: atLeastOne,
  maxPendingBytes: atLeastOne,
};

export const OTLP_PUSH_LOOP_RULE = shape<OtlpPushLoopOptions>(OTLP_PUSH_LOOP_FIELDS);

/** The options checked at the call: a wrong one throws a MetricConfigError naming it. */
export function checkOtlpOptions<T extends OtlpPushOptions>(
  owner: string,
  rule: typeof OTLP_PUSH_RULE,
  options: unknown,
  required: readonly (keyof T & string)[] = ['url'],
): T {
  for (const key of required) {
    if (!isPlainObject(options) || options[key] === undefined) {
      throw new MetricConfigError(`${owner}: the option ${key} is required`);
    }
  }
  return checkOptions<T>(owner, rule, options);
}
