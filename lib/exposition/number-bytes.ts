/**
 * A sample value written as ASCII digits straight into a buffer: most values
 * are integers (counts), and formatting them as a string first costs a string
 * per sample that is garbage as soon as it is copied.
 *
 * `plainBelow` is the magnitude up to which the format writes integers in
 * positional notation (OpenMetrics switches to exponent form at 1e6); other
 * values, and -0, go through `format`, whose result is ASCII too.
 */
export function writeNumber(
  buffer: Buffer,
  at: number,
  v: number,
  plainBelow: number,
  format: (v: number) => string,
): number {
  if (v > -plainBelow && v < plainBelow && Math.floor(v) === v && (v !== 0 || 1 / v > 0)) {
    if (v < 0) {
      buffer[at++] = 45; // '-'
      v = -v;
    }
    return writeDigits(buffer, at, v);
  }
  return at + buffer.write(format(v), at, 'latin1');
}

/** A non-negative safe integer's decimal digits. */
function writeDigits(buffer: Buffer, at: number, v: number): number {
  if (v < 10) {
    buffer[at] = 48 + v;
    return at + 1;
  }
  let digits = 1;
  for (let power = 10; power <= v; power *= 10) digits++;
  const end = at + digits;
  for (let i = end - 1; i >= at; i--) {
    const rest = Math.floor(v / 10);
    buffer[i] = 48 + (v - rest * 10);
    v = rest;
  }
  return end;
}
