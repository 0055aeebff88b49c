import type { ProtoWriter } from '../../exposition';
import { type LabelSet, labelValueAt } from '../../model';
import { ANY_VALUE, KEY_VALUE } from './otlp-fields';
import { nanosHalves } from './unix-nanos';

/** The bytes of a double through a scratch array (no DataView call per value); protobuf's are little-endian. */
const scratch = new Float64Array(1);
const scratchBytes = new Uint8Array(scratch.buffer);
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Every point of an export shares its time: its nanoseconds are worked out
 * once, and written as a field (one tag byte and eight bytes) in one go.
 */
export class TimeWriter {
  private lastMs = Number.NaN;
  private low = 0;
  private high = 0;
  private readonly bytes = new Uint8Array(8);

  private update(ms: number): void {
    if (ms === this.lastMs) return;
    const [low, high] = nanosHalves(ms);
    const bytes = this.bytes;
    for (let k = 0; k < 4; k++) {
      bytes[k] = (low >>> (8 * k)) & 255;
      bytes[k + 4] = (high >>> (8 * k)) & 255;
    }
    this.low = low;
    this.high = high;
    this.lastMs = ms;
  }

  write(w: ProtoWriter, fieldTag: number, ms: number): void {
    this.update(ms);
    const bytes = this.bytes;
    const buf = w.room(9);
    let pos = w.position;
    buf[pos++] = fieldTag;
    for (let k = 0; k < 8; k++) buf[pos++] = bytes[k];
    w.position = pos;
  }

  /** The time's eight bytes over those at `pos` (a field written before), as two 32-bit stores. */
  put(view: DataView, pos: number, ms: number): void {
    this.update(ms);
    view.setUint32(pos, this.low, true);
    view.setUint32(pos + 4, this.high, true);
  }
}

/** A double field whose tag is one byte, in one go. */
export function doubleField(w: ProtoWriter, fieldTag: number, value: number): void {
  if (!LITTLE_ENDIAN) {
    w.varint(fieldTag);
    w.double(value);
    return;
  }
  scratch[0] = value;
  const buf = w.room(9);
  let pos = w.position;
  buf[pos++] = fieldTag;
  for (let k = 0; k < 8; k++) buf[pos++] = scratchBytes[k];
  w.position = pos;
}

export function stringKeyValue(w: ProtoWriter, fieldTag: number, key: string, value: string): void {
  w.varint(fieldTag);
  const kv = w.begin();
  w.varint(KEY_VALUE.key);
  w.string(key);
  w.varint(KEY_VALUE.value);
  const any = w.begin();
  w.varint(ANY_VALUE.string);
  w.string(value);
  w.end(any);
  w.end(kv);
}

/** Writes `text` at `pos` if it is ASCII; the position after it, or -1. */
function asciiAt(buf: Buffer, pos: number, text: string): number {
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c >= 128) return -1;
    buf[pos++] = c;
  }
  return pos;
}

/**
 * The common case of a label, ASCII and short enough that every length fits
 * one byte, written in one go: labels are most of an export's bytes. False
 * (nothing written) for any other.
 */
function shortKeyValue(w: ProtoWriter, fieldTag: number, key: string, value: string): boolean {
  const anyLength = value.length + 2;
  const length = key.length + 2 + anyLength + 2;
  if (length >= 128 || fieldTag >= 128) return false;
  const buf = w.room(length + 2);
  let pos = w.position;
  buf[pos++] = fieldTag;
  buf[pos++] = length;
  buf[pos++] = KEY_VALUE.key;
  buf[pos++] = key.length;
  pos = asciiAt(buf, pos, key);
  if (pos < 0) return false;
  buf[pos++] = KEY_VALUE.value;
  buf[pos++] = anyLength;
  buf[pos++] = ANY_VALUE.string;
  buf[pos++] = value.length;
  pos = asciiAt(buf, pos, value);
  if (pos < 0) return false;
  w.position = pos;
  return true;
}

function keyValue(w: ProtoWriter, fieldTag: number, key: string, value: string): void {
  if (!shortKeyValue(w, fieldTag, key, value)) stringKeyValue(w, fieldTag, key, value);
}

/** The labels as attributes, then those of `defaults` whose names the labels lack. */
export function attributes(w: ProtoWriter, fieldTag: number, labels: LabelSet, defaults?: LabelSet): void {
  // Read once: a live series reaches its label names through its metric.
  const labelNames = labels.labelNames;
  for (let i = 0; i < labelNames.length; i++) keyValue(w, fieldTag, labelNames[i], labelValueAt(labels, i));
  if (defaults === undefined) return;
  for (let i = 0; i < defaults.labelNames.length; i++) {
    const name = defaults.labelNames[i];
    if (!labelNames.includes(name)) keyValue(w, fieldTag, name, defaults.labelValues[i]);
  }
}
