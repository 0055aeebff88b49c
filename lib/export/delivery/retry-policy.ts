/** Which answers of a receiver are worth sending the same payload again. */
export type RetryableStatus = (status: number) => boolean;

/** Remote Write: every 5xx and 429, as Prometheus' queue manager retries. */
export const remoteWriteRetryableStatus: RetryableStatus = (status) => status >= 500 || status === 429;

/** OTLP/HTTP: only the statuses the OTLP specification calls retryable. */
export const otlpRetryableStatus: RetryableStatus = (status) =>
  status === 429 || status === 502 || status === 503 || status === 504;

export interface BackoffLimits {
  /** The first wait, in milliseconds (Prometheus' `min_backoff`, 30 ms). */
  readonly minBackoffMs: number;
  /** The longest wait, in milliseconds (Prometheus' `max_backoff`, 5 s). */
  readonly maxBackoffMs: number;
}

export const DEFAULT_MIN_BACKOFF_MS = 30;
export const DEFAULT_MAX_BACKOFF_MS = 5_000;
/** A receiver's `Retry-After` is followed up to this long, so a bogus date cannot park the queue for days. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/**
 * The wait before retry number `retry` (1 for the first): doubling from the
 * minimum up to the maximum, spread by ±20% so that many senders failing
 * together do not come back together.
 */
export function backoffMs(retry: number, limits: BackoffLimits, random: () => number = Math.random): number {
  const base = Math.min(limits.maxBackoffMs, limits.minBackoffMs * 2 ** Math.min(retry - 1, 30));
  const spread = base * (0.8 + 0.4 * random());
  return Math.min(limits.maxBackoffMs, Math.max(limits.minBackoffMs, spread));
}

/**
 * A `Retry-After` header as milliseconds to wait (seconds or an HTTP date),
 * at most `maxMs`; undefined when absent or unreadable.
 */
export function retryAfterMs(
  header: string | undefined,
  maxMs: number,
  now = Date.now(),
): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  let waitMs: number;
  if (/^\d+$/.test(text)) waitMs = Number(text) * 1000;
  else {
    // An HTTP date starts with its day name; Date.parse would read "-3" as a year.
    const date = /^[A-Za-z]/.test(text) ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(date)) return undefined;
    waitMs = date - now;
  }
  return Math.min(maxMs, Math.max(0, waitMs));
}
