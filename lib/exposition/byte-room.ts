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
