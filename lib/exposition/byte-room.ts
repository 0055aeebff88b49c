/**
 * A buffer for about `sizeHint` bytes (an estimate, never a limit), with an
 * eighth more so a body slightly larger than the last one still fits, and at
 * least `minimum`.
 */
export function bufferFor(sizeHint: number | undefined, minimum: number): Buffer {
  return Buffer.allocUnsafeSlow(Math.max(minimum, Math.ceil((sizeHint ?? 0) * 1.125)));
}

/**
 * `buffer`, or a larger copy of its first `used` bytes, with room for at least
 * `bytes` more after them. Grows by doubling, so appending costs amortised
 * constant time.
 */
export function withRoom(buffer: Buffer, used: number, bytes: number): Buffer {
  if (used + bytes <= buffer.length) return buffer;
  const grown = Buffer.allocUnsafeSlow(Math.max(buffer.length * 2, used + bytes));
  buffer.copy(grown, 0, 0, used);
  return grown;
}
