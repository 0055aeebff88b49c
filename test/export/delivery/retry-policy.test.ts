import {
  backoffMs,
  otlpRetryableStatus,
  remoteWriteRetryableStatus,
  retryAfterMs,
} from '../../../lib/export/delivery';

describe('retry policy', () => {
  it('retries what each protocol calls retryable, and no other 4xx', () => {
    const statuses = [400, 401, 404, 413, 415, 429, 500, 501, 502, 503, 504];
    expect(statuses.filter(remoteWriteRetryableStatus)).toEqual([429, 500, 501, 502, 503, 504]);
    expect(statuses.filter(otlpRetryableStatus)).toEqual([429, 502, 503, 504]);
  });

  it('doubles the backoff from the minimum, jittered, and never past the maximum', () => {
    const limits = { minBackoffMs: 30, maxBackoffMs: 5_000 };
    for (const random of [0, 0.5, 0.999]) {
      const waits = Array.from({ length: 12 }, (_, i) => backoffMs(i + 1, limits, () => random));
      expect(Math.min(...waits)).toBeGreaterThanOrEqual(30);
      expect(Math.max(...waits)).toBeLessThanOrEqual(5_000);
      expect(waits.at(-1)).toBeGreaterThanOrEqual(4_000);
    }
    expect(backoffMs(1, limits, () => 0.5)).toBe(30);
    expect(backoffMs(3, limits, () => 0.5)).toBe(120);
    expect(backoffMs(1_000, limits, () => 0.5)).toBe(5_000);
  });

  it('reads Retry-After as seconds or as an HTTP date, capped, and ignores junk', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('2', 60_000, now)).toBe(2_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', 60_000, now)).toBe(5_000);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', 60_000, now)).toBe(0);
    expect(retryAfterMs('86400', 60_000, now)).toBe(60_000);
    expect(retryAfterMs('soon', 60_000, now)).toBeUndefined();
    expect(retryAfterMs('-3', 60_000, now)).toBeUndefined();
    expect(retryAfterMs(undefined, 60_000, now)).toBeUndefined();
  });
});
