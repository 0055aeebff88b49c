/**
 * An independent, exact oracle for native bucket indexes, in integer
 * arithmetic: a double v = M * 2^E lies in bucket i at schema s >= 0 iff
 * 2^(i-1) < v^(2^s) <= 2^i, and v^(2^s) = M^(2^s) * 2^(E * 2^s) is an exact BigInt product.
 */

function decompose(v: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  return biased === 0
    ? { mantissa: fraction, exponent: -1074 }
    : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** The smallest i with v <= 2^(i / 2^schema), for a positive finite double v. */
export function exactBucketIndex(v: number, schema: number): number {
  // `+ 0` turns the -0 that Math.ceil returns for (-1, 0) into 0.
  if (schema < 0) return Math.ceil(exactBucketIndex(v, 0) / 2 ** -schema) + 0;
  const n = 2 ** schema;
  const { mantissa, exponent } = decompose(v);
  const power = mantissa ** BigInt(n); // v^n = power * 2^(exponent * n)
  const bits = power.toString(2).length; // 2^(bits-1) <= power < 2^bits
  const exactPowerOfTwo = power === 1n << BigInt(bits - 1);
  return (exactPowerOfTwo ? bits - 1 : bits) + exponent * n;
}

/** Whether `x` is the largest double not above 2^(j/n) (n a power of two, 0 < j < n, x in [1, 2)). */
export function isRoundedDownRoot(x: number, j: number, n: number): boolean {
  const { mantissa, exponent } = decompose(x);
  if (exponent !== -52) return false;
  const target = 1n << BigInt(j + 52 * n); // 2^(j/n) * 2^52 raised to n
  const N = BigInt(n);
  return mantissa ** N <= target && (mantissa + 1n) ** N > target;
}

/** The next double above a positive finite x. */
export function nextUp(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + 1n);
  return view.getFloat64(0);
}

/** The next double below a positive x. */
export function nextDown(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) - 1n);
  return view.getFloat64(0);
}
