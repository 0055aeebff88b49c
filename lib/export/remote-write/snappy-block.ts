/**
 * Snappy's block format (not the framed one), as Remote Write requires. A
 * small LZ77 encoder in the shape of the reference one: 64 KiB blocks, a hash
 * table of 4-byte sequences, literals and copies with 1- or 2-byte offsets.
 * Written here rather than taken from npm: it is about as fast as the npm
 * encoders on Remote Write bodies and adds no runtime dependency.
 */

const BLOCK_SIZE = 1 << 16;
const HASH_BITS = 14;
/** Inputs shorter than this are sent as one literal: too short to find matches in. */
const MIN_MATCH_INPUT = 15;

/** One table for every call: compression is synchronous, so calls never overlap. */
const table = new Int32Array(1 << HASH_BITS);

function load32(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
}

function hash(v: number): number {
  return Math.imul(v, 0x1e35a7bd) >>> (32 - HASH_BITS);
}

/** The longest a compressed block of `n` bytes can be (snappy's MaxCompressedLength). */
export function maxCompressedLength(n: number): number {
  return 32 + n + Math.floor(n / 6);
}

function literal(input: Uint8Array, from: number, to: number, out: Uint8Array, op: number): number {
  const n = to - from - 1;
  if (n < 60) {
    out[op++] = n << 2;
  } else if (n < 0x100) {
    out[op++] = 60 << 2;
    out[op++] = n;
  } else if (n < 0x10000) {
    out[op++] = 61 << 2;
    out[op++] = n & 0xff;
    out[op++] = n >>> 8;
  } else {
    out[op++] = 62 << 2;
    out[op++] = n & 0xff;
    out[op++] = (n >>> 8) & 0xff;
    out[op++] = n >>> 16;
  }
  // Most literals are a few bytes: a loop beats making a subarray for each.
  if (to - from < 64) {
    for (let i = from; i < to; i++) out[op++] = input[i];
    return op;
  }
  out.set(input.subarray(from, to), op);
  return op + to - from;
}

function copy(offset: number, length: number, out: Uint8Array, op: number): number {
  // Copies of up to 64 bytes each; a tail of 4 or more always remains for the last one.
  while (length >= 68) {
    out[op++] = (63 << 2) | 2;
    out[op++] = offset & 0xff;
    out[op++] = offset >>> 8;
    length -= 64;
  }
  if (length > 64) {
    out[op++] = (59 << 2) | 2;
    out[op++] = offset & 0xff;
    out[op++] = offset >>> 8;
    length -= 60;
  }
  if (length >= 12 || offset >= 2048) {
    out[op++] = ((length - 1) << 2) | 2;
    out[op++] = offset & 0xff;
    out[op++] = offset >>> 8;
  } else {
    out[op++] = ((offset >>> 8) << 5) | ((length - 4) << 2) | 1;
    out[op++] = offset & 0xff;
  }
  return op;
}

function compressBlock(input: Uint8Array, start: number, end: number, out: Uint8Array, op: number): number {
  if (end - start < MIN_MATCH_INPUT) return literal(input, start, end, out, op);
  table.fill(-1);
  const limit = end - MIN_MATCH_INPUT;
  let next = start; // first byte not yet written
  let ip = start + 1;
  outer: for (;;) {
    // Look for a 4-byte match, skipping faster the longer none is found (incompressible data).
    let skip = 32;
    let candidate: number;
    for (;;) {
      const h = hash(load32(input, ip));
      candidate = table[h];
      table[h] = ip;
      if (candidate >= start && load32(input, candidate) === load32(input, ip)) break;
      ip += skip++ >> 5;
      if (ip > limit) break outer;
    }
    if (ip > next) op = literal(input, next, ip, out, op);
    let length = 4;
    while (ip + length < end && input[ip + length] === input[candidate + length]) length++;
    op = copy(ip - candidate, length, out, op);
    ip += length;
    next = ip;
    if (ip > limit) break;
    table[hash(load32(input, ip - 1))] = ip - 1;
  }
  return next < end ? literal(input, next, end, out, op) : op;
}

/** `input` compressed in snappy's block format. */
export function snappyCompress(input: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(maxCompressedLength(input.length));
  let op = 0;
  // The preamble: the uncompressed length as a varint.
  let n = input.length;
  while (n >= 128) {
    out[op++] = (n & 127) | 128;
    n >>>= 7;
  }
  out[op++] = n;
  for (let start = 0; start < input.length; start += BLOCK_SIZE) {
    op = compressBlock(input, start, Math.min(input.length, start + BLOCK_SIZE), out, op);
  }
  return out.subarray(0, op);
}
