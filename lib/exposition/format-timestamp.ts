import { formatNumber } from '../model';

/** Text format 0.0.4 timestamps: integer milliseconds, as client_golang writes them. */
export function formatTimestampMs(ms: number): string {
  return String(Math.trunc(ms));
}

/**
 * OpenMetrics timestamps are seconds. Written positionally (`1700000000.123`)
 * rather than in exponent form: exact for millisecond inputs and readable by
 * every parser (Python's reads `sec.frac` as an exact Timestamp).
 */
export function formatTimestampSeconds(ms: number): string {
  if (Number.isInteger(ms) && ms < 9e15 && ms > -9e15) {
    const negative = ms < 0;
    const abs = negative ? -ms : ms;
    const rem = abs % 1000;
    const whole = (negative ? '-' : '') + (abs - rem) / 1000;
    if (rem === 0) return whole;
    let frac = rem < 10 ? '00' + rem : rem < 100 ? '0' + rem : String(rem);
    while (frac.charCodeAt(frac.length - 1) === 48 /* 0 */) frac = frac.slice(0, -1);
    return whole + '.' + frac;
  }
  if (Number.isFinite(ms) && ms < 1e18 && ms > -1e18) {
    // Sub-millisecond input: microsecond precision, trailing zeros trimmed.
    let s = (ms / 1000).toFixed(6);
    while (s.endsWith('0')) s = s.slice(0, -1);
    return s.endsWith('.') ? s.slice(0, -1) : s;
  }
  return formatNumber(ms / 1000);
}
