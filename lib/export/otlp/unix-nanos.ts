/**
 * Milliseconds since the epoch as OTLP's nanoseconds, exactly: a time in
 * nanoseconds is past 2^53, so `ms * 1e6` as a double would be off by up to
 * 128 ns. The milliseconds' high and low 32 bits are scaled apart instead.
 */

const TWO_32 = 4294967296;

/** Sub-millisecond parts are kept to the nanosecond. */
function split(ms: number): { whole: number; nanos: number } {
  const whole = Math.floor(ms);
  return { whole, nanos: Math.round((ms - whole) * 1e6) };
}

/** The low and high 32 bits of the time in nanoseconds (for a fixed64). */
export function nanosHalves(ms: number): [low: number, high: number] {
  const { whole, nanos } = split(ms);
  const highMs = Math.floor(whole / TWO_32);
  // Below 2^53: the low 32 bits of the milliseconds times 1e6, plus the sub-millisecond nanoseconds.
  const low = (whole - highMs * TWO_32) * 1e6 + nanos;
  return [low >>> 0, highMs * 1e6 + Math.floor(low / TWO_32)];
}

/** The time in nanoseconds as a decimal string (how OTLP/JSON writes a fixed64). */
export function nanosText(ms: number): string {
  const { whole, nanos } = split(ms);
  return (BigInt(whole) * 1000000n + BigInt(nanos)).toString();
}
