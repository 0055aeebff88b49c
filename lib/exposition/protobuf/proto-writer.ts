/**
 * A minimal protobuf wire-format writer: varints, zigzag, doubles, UTF-8
 * strings and length-delimited messages, appended to one growing buffer.
 * Nested messages reserve one byte for their length and shift their bytes in
 * the rare case the length needs more, so nothing is measured twice.
 */

import { bufferFor, withRoom } from '../byte-room';

export const VARINT = 0;
export const FIXED64 = 1;
export const LENGTH_DELIMITED = 2;

/** The tag of a field: number and wire type, as one varint value. */
export function tag(field: number, wireType: number): number {
  return field * 8 + wireType;
}

function varintSize(v: number): number {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

const INITIAL_SIZE = 64 * 1024;

export class ProtoWriter {
  private buf: Buffer;
  private view: DataView;
  private pos = 0;

  /** `sizeHint`: about how many bytes will be written. */
  constructor(sizeHint?: number) {
    this.buf = bufferFor(sizeHint, INITIAL_SIZE);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const grown = withRoom(this.buf, this.pos, bytes);
    this.buf = grown;
    this.view = new DataView(grown.buffer, grown.byteOffset, grown.length);
  }

  /** An unsigned integer up to 2^53 (uint32, uint64, a tag, a length). */
  varint(v: number): void {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    if (v < 0x80000000) {
      while (v >= 128) {
        buf[pos++] = (v & 127) | 128;
        v >>>= 7;
      }
    } else {
      while (v >= 128) {
        buf[pos++] = (v % 128) | 128;
        v = Math.floor(v / 128);
      }
    }
    buf[pos++] = v;
    this.pos = pos;
  }

  /** A signed integer as int64 (a negative one takes ten bytes, two's complement). */
  int64(v: number): void {
    if (v >= 0) this.varint(v);
    else this.bigVarint(BigInt.asUintN(64, BigInt(v)));
  }

  private bigVarint(v: bigint): void {
    this.ensure(10);
    while (v >= 128n) {
      this.buf[this.pos++] = Number(v & 127n) | 128;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  /** sint32/sint64: zigzag, so small negative numbers stay short. */
  zigzag(v: number): void {
    this.varint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  /** A fixed64 holding a non-negative integer (up to 2^64, as exact as the double is). */
  fixed64(v: number): void {
    // `>>> 0` keeps the low 32 bits of any integral double exactly.
    this.fixed64Halves(v >>> 0, Math.floor(v / 4294967296) >>> 0);
  }

  /** A fixed64 given as its low and high 32 bits, for values past 2^53 (nanosecond times). */
  fixed64Halves(low: number, high: number): void {
    this.ensure(8);
    this.view.setUint32(this.pos, low, true);
    this.view.setUint32(this.pos + 4, high, true);
    this.pos += 8;
  }

  /** A length-prefixed byte string, copied as it is. */
  bytes(b: Uint8Array): void {
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  double(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  /**
   * Bytes as they are: a value whose bit pattern a JavaScript number cannot be
   * trusted to keep (a NaN payload), or fields encoded before and kept.
   */
  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    this.ensure(n);
    const buf = this.buf;
    let pos = this.pos;
    // Short runs are copied faster by hand than through a typed-array set().
    if (n < 64) for (let i = 0; i < n; i++) buf[pos++] = bytes[i];
    else {
      buf.set(bytes, pos);
      pos += n;
    }
    this.pos = pos;
  }

  /** How many bytes have been written: where the next one goes. */
  get position(): number {
    return this.pos;
  }

  /** Moves past bytes written straight into the buffer `room` gave. */
  set position(to: number) {
    this.pos = to;
  }

  /** A copy of the bytes written since `start`, to write again with `raw`. */
  copyFrom(start: number): Uint8Array {
    // Uint8Array's slice copies; Buffer's would be a view of bytes later shifted or overwritten.
    return Uint8Array.prototype.slice.call(this.buf, start, this.pos);
  }

  /** A length-prefixed UTF-8 string (a lone surrogate becomes U+FFFD, as Buffer writes it). */
  string(s: string): void {
    const n = s.length;
    this.ensure(n * 3 + 5);
    const buf = this.buf;
    if (n < 128) {
      // Optimistic ASCII: a one-byte length, then one byte per character.
      const start = this.pos;
      let pos = start + 1;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 128) {
          this.utf8(s);
          return;
        }
        buf[pos++] = c;
      }
      buf[start] = n;
      this.pos = pos;
      return;
    }
    this.utf8(s);
  }

  private utf8(s: string): void {
    const bytes = Buffer.byteLength(s, 'utf8');
    this.varint(bytes);
    this.ensure(bytes);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /**
   * The buffer, with room for `bytes` more at `position`: for a hot loop that
   * writes many small fields byte by byte, then sets `position` past them.
   */
  room(bytes: number): Buffer {
    this.ensure(bytes);
    return this.buf;
  }

  /** Starts a length-delimited value (after its tag); returns what `end` needs. */
  begin(): number {
    this.ensure(1);
    return this.pos++;
  }

  /**
   * Starts a value that will be long (a message holding many others): five
   * bytes are kept for its length, so `endWide` never moves what was written.
   */
  beginWide(): number {
    this.ensure(5);
    const start = this.pos;
    this.pos += 5;
    return start;
  }

  /** Ends the value `beginWide` started: its length as a five-byte varint (protobuf accepts padded varints). */
  endWide(start: number): void {
    let length = this.pos - start - 5;
    for (let k = 0; k < 4; k++) {
      this.buf[start + k] = (length & 127) | 128;
      length >>>= 7;
    }
    this.buf[start + 4] = length;
  }

  /** Ends the value `begin` started, writing its length in front of it. */
  end(start: number): void {
    const length = this.pos - start - 1;
    if (length < 128) {
      this.buf[start] = length;
      return;
    }
    const extra = varintSize(length) - 1;
    this.ensure(extra);
    this.buf.copyWithin(start + 1 + extra, start + 1, this.pos);
    const end = this.pos + extra;
    this.pos = start;
    this.varint(length);
    this.pos = end;
  }

  /** The bytes written so far (a view, not a copy). */
  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}
