import type { RequestOptions } from 'node:https';
import type { Registry } from '../../core';
import {
  anyFunction,
  anyOf,
  checkOptions,
  isPlainObject,
  MetricConfigError,
  nonEmptyString,
  numberRule,
  oneOf,
  shape,
  timerWait,
  valueRule,
} from '../../core';
import type { TransportChoice } from './choose-transport';
import { httpHeaders } from './http-headers';
import type { ResendHook } from './payload';
import type { RetryableStatus } from './retry-policy';

export interface PushSenderOptions {
  /** Where payloads are POSTed (http or https). */
  readonly url: string | URL;
  /** The sender's name in the `remote_name` label of its `promkit_remote_storage_*` metrics and in warnings. */
  readonly remoteName: string;
  /** Statuses that are retried; connection errors and timeouts always are. */
  readonly retryableStatus: RetryableStatus;
  /** Headers of every request (authorization, say). */
  readonly headers?: Readonly<Record<string, string>>;
  /** One request's deadline, in milliseconds (default 30 s, Prometheus' `remote_timeout`). */
  readonly timeoutMs?: number;
  /** The first retry's wait, in milliseconds (default 30). */
  readonly minBackoffMs?: number;
  /** The longest wait between retries, in milliseconds (default 5 s). */
  readonly maxBackoffMs?: number;
  /** The longest `Retry-After` followed, in milliseconds (default 60 s). */
  readonly maxRetryAfterMs?: number;
  /** The most samples queued (default 100 000); the oldest payloads are dropped past it. */
  readonly maxPendingSamples?: number;
  /** The most payload bytes queued (default 16 MiB); the oldest payloads are dropped past it. */
  readonly maxPendingBytes?: number;
  /** Where the sender's metrics are reported and its warnings go (default: the global registry). */
  readonly registry?: Registry<any>;
  /** `'node'` (default on Node), `'fetch'` (default elsewhere), or a transport of one's own. */
  readonly transport?: TransportChoice;
  /** For the node transport: agent, TLS settings and the rest of https.request's options. */
  readonly requestOptions?: RequestOptions;
  /** What to send instead of a refused payload; see ResendHook. */
  readonly resend?: ResendHook;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_PENDING_SAMPLES = 100_000;
export const DEFAULT_MAX_PENDING_BYTES = 16 * 1024 * 1024;

const positiveMs = timerWait('milliseconds');
const atLeastOne = numberRule({ min: 1, integer: true });
const httpUrl = valueRule('an http(s) URL', (v) => {
  try {
    return ['http:', 'https:'].includes(new URL(String(v)).protocol);
  } catch {
    return false;
  }
});
const transportObject = valueRule(
  'an object with a send() method',
  (v) => typeof v === 'object' && v !== null && typeof (v as { send?: unknown }).send === 'function',
);
const registryLike = valueRule(
  'a Registry',
  (v) => typeof v === 'object' && v !== null && 'scrapeState' in (v as object),
);

const RULES = shape<PushSenderOptions>(
  {
    url: httpUrl,
    remoteName: nonEmptyString,
    retryableStatus: anyFunction,
    headers: httpHeaders,
    timeoutMs: positiveMs,
    minBackoffMs: positiveMs,
    maxBackoffMs: positiveMs,
    maxRetryAfterMs: valueRule('a number of milliseconds, 0 or more', (v) => typeof v === 'number' && v >= 0),
    maxPendingSamples: atLeastOne,
    maxPendingBytes: atLeastOne,
    registry: registryLike,
    transport: anyOf(oneOf('node', 'fetch'), transportObject),
    requestOptions: valueRule('an object', isPlainObject),
    resend: anyFunction,
  },
  {
    refine: (value) =>
      (value.minBackoffMs as number | undefined) !== undefined &&
      (value.maxBackoffMs as number | undefined) !== undefined &&
      (value.minBackoffMs as number) > (value.maxBackoffMs as number)
        ? `minBackoffMs (${value.minBackoffMs}) must not be above maxBackoffMs (${value.maxBackoffMs})`
        : undefined,
  },
);

const REQUIRED = ['url', 'remoteName', 'retryableStatus'] as const;

/** The options, checked: a wrong one throws a MetricConfigError naming it and what it must be. */
export function checkPushSenderOptions(options: unknown): PushSenderOptions {
  const name = isPlainObject(options) && typeof options.remoteName === 'string' ? options.remoteName : 'push';
  const missing = REQUIRED.find((key) => isPlainObject(options) && options[key] === undefined);
  if (missing) throw new MetricConfigError(`promkit ${name} sender: the option ${missing} is required`);
  return checkOptions<PushSenderOptions>(`promkit ${name} sender`, RULES, options);
}
