import { bufferFor, withRoom } from './byte-room';

/**
 * Bytes gathered before they are decoded into the exposition string. From
 * about a megabyte of latin1 (ASCII) text, Node gives V8 an external string:
 * a copy outside the heap that the collector never moves. Decoding a segment
 * at a time keeps each decode a short step of the scrape rather than one long
 * block at its end (on pages fresh from the system, copying seven megabytes
 * took 25 ms).
 */
const SEGMENT_BYTES = 1024 * 1024;

/** Text that cannot become an external string is decoded in slices small enough for V8's young generation. */
const SLICE_BYTES = 32 * 1024;

/** UTF-8 takes at most three bytes per UTF-16 code unit. */
const MAX_BYTES_PER_UNIT = 3;

/** Room for a segment and the chunk that completes it. */
const SEGMENT_BUFFER_BYTES = SEGMENT_BYTES + 64 * 1024;

/** A buffer grown past this by one huge chunk is left to the collector, not kept. */
const MAX_KEPT_BYTES = 4 * SEGMENT_BYTES;

/** One segment buffer waits for the next scrape, so its memory is reused rather than taken from the system again. */
let kept: Buffer | undefined;

/**
 * An exposition's text appended as UTF-8 bytes to a buffer outside the
 * JavaScript heap.
 *
 * Held as strings until the scrape ends, the text written so far was copied by
 * every young-generation collection during a large scrape, then moved into
 * old-generation pages; that copying took as long as writing the text.
 */
export abstract class Utf8Appender<Body> {
  protected used = 0;
  /** Whether everything in the buffer (since the last decoded segment) is ASCII. */
  protected ascii = true;

  constructor(protected bytes: Buffer) {}

  append(text: string): void {
    const room = text.length * MAX_BYTES_PER_UNIT;
    if (this.bytes.length - this.used < room) this.bytes = withRoom(this.bytes, this.used, room);
    const written = this.bytes.write(text, this.used, 'utf8');
    // Only ASCII takes one byte per code unit.
    if (written !== text.length) this.ascii = false;
    this.used += written;
    this.appended();
  }

  /**
   * The buffer, with room for at least `bytes` more from `position`: a writer
   * that copies bytes itself writes there, then hands the end to `advance`.
   */
  room(bytes: number): Buffer {
    if (this.bytes.length - this.used < bytes) this.bytes = withRoom(this.bytes, this.used, bytes);
    return this.bytes;
  }

  /** Where the next byte goes in the buffer `room` returned. */
  get position(): number {
    return this.used;
  }

  /** Bytes written into `room`'s buffer up to `end`; `ascii` when all of them were. */
  advance(end: number, ascii: boolean): void {
    if (!ascii) this.ascii = false;
    this.used = end;
    this.appended();
  }

  /** The whole exposition; the appender is spent afterwards. */
  abstract finish(): Body;

  protected appended(): void {}
}

/** The exposition as one string, decoded a segment at a time while it is written. */
export class Utf8Text extends Utf8Appender<string> {
  private decoded = '';

  constructor() {
    super(kept ?? Buffer.allocUnsafeSlow(SEGMENT_BUFFER_BYTES));
    kept = undefined;
  }

  finish(): string {
    this.decodeSegment();
    const { bytes, decoded } = this;
    this.bytes = EMPTY;
    this.decoded = '';
    if (bytes.length <= MAX_KEPT_BYTES && (kept === undefined || kept.length < bytes.length)) kept = bytes;
    return decoded;
  }

  protected override appended(): void {
    if (this.used >= SEGMENT_BYTES) this.decodeSegment();
  }

  private decodeSegment(): void {
    const { bytes, used } = this;
    // ASCII decodes the same as latin1, without a UTF-8 scan.
    this.decoded +=
      this.ascii && used >= SEGMENT_BYTES
        ? bytes.toString('latin1', 0, used)
        : decodedInSlices(bytes, used, this.ascii ? 'latin1' : 'utf8');
    this.used = 0;
    this.ascii = true;
  }
}

/** A first body buffer, when nothing says how large the body will be. */
const INITIAL_BODY_BYTES = 64 * 1024;

/**
 * The exposition as UTF-8 bytes, never decoded: what an HTTP response sends.
 * The buffer goes with the body (a response may still be sending it when the
 * next scrape starts), so each body has a buffer of its own, sized by
 * `sizeHint` so it rarely grows.
 */
export class Utf8Bytes extends Utf8Appender<Uint8Array> {
  constructor(sizeHint?: number) {
    super(bufferFor(sizeHint, INITIAL_BODY_BYTES));
  }

  finish(): Uint8Array {
    const body = this.bytes.subarray(0, this.used);
    this.bytes = EMPTY;
    this.used = 0;
    return body;
  }
}

function decodedInSlices(bytes: Buffer, used: number, encoding: 'latin1' | 'utf8'): string {
  let text = '';
  for (let start = 0; start < used; ) {
    let end = Math.min(used, start + SLICE_BYTES);
    // Never cut a character: UTF-8 continuation bytes are 0b10xxxxxx.
    while (end < used && (bytes[end] & 0xc0) === 0x80) end++;
    text += bytes.toString(encoding, start, end);
    start = end;
  }
  return text;
}

const EMPTY = Buffer.alloc(0);
