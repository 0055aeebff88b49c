import { withRoom } from './byte-room';

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
const INITIAL_BYTES = SEGMENT_BYTES + 64 * 1024;

/** A buffer grown past this by one huge chunk is left to the collector, not kept. */
const MAX_KEPT_BYTES = 4 * SEGMENT_BYTES;

/** One buffer waits for the next scrape, so its memory is reused rather than taken from the system again. */
let kept: Buffer | undefined;

/**
 * An exposition's text gathered as UTF-8 bytes outside the JavaScript heap and
 * decoded a segment at a time into one string.
 *
 * Held as strings until the scrape ends, the text written so far was copied by
 * every young-generation collection during a large scrape, then moved into
 * old-generation pages; that copying took as long as writing the text.
 */
export class Utf8Text {
  private bytes: Buffer;
  private used = 0;
  private ascii = true;
  private decoded = '';

  constructor() {
    this.bytes = kept ?? Buffer.allocUnsafeSlow(INITIAL_BYTES);
    kept = undefined;
  }

  append(text: string): void {
    const room = text.length * MAX_BYTES_PER_UNIT;
    if (this.bytes.length - this.used < room) this.bytes = withRoom(this.bytes, this.used, room);
    const written = this.bytes.write(text, this.used, 'utf8');
    // Only ASCII takes one byte per code unit.
    if (written !== text.length) this.ascii = false;
    this.used += written;
    if (this.used >= SEGMENT_BYTES) this.decodeSegment();
  }

  /** The whole text. The writer is spent afterwards; its buffer goes to the next one. */
  finish(): string {
    this.decodeSegment();
    const { bytes, decoded } = this;
    this.bytes = EMPTY;
    this.decoded = '';
    if (bytes.length <= MAX_KEPT_BYTES && (kept === undefined || kept.length < bytes.length)) kept = bytes;
    return decoded;
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
