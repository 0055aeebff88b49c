import type { ProtoWriter } from '../../exposition';
import { writeNativeFields } from '../../exposition';
import type { HistogramSample } from './series-walk';
import { HISTOGRAM, HISTOGRAM_NATIVE_TAGS } from './wire-fields';

function isCount(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER;
}

/** Start timestamps of 0 mean "unset" on the wire: the spec asks for −1 for a real epoch start. */
export function startTimestamp(start: number): number {
  const ms = Math.trunc(start);
  return ms === 0 ? -1 : ms;
}

/**
 * The fields of a Remote Write Histogram message, the same in 1.0 and 2.0
 * but for custom buckets and the start timestamp, which only 2.0 has.
 */
export function writeHistogramFields(
  w: ProtoWriter,
  h: HistogramSample,
  timestamp: number,
  start: number | undefined,
): void {
  if (isCount(h.count)) {
    w.varint(HISTOGRAM.countInt);
    w.varint(h.count);
  } else {
    w.varint(HISTOGRAM.countFloat);
    w.double(h.count);
  }
  w.varint(HISTOGRAM.sum);
  w.double(h.sum);
  writeNativeFields(w, h.buckets, HISTOGRAM_NATIVE_TAGS);
  w.varint(HISTOGRAM.timestamp);
  w.int64(Math.trunc(timestamp));
  const custom = h.customValues;
  if (custom !== undefined && custom.length > 0) {
    w.varint(HISTOGRAM.customValues);
    const at = w.begin();
    for (const v of custom) w.double(v);
    w.end(at);
  }
  if (start !== undefined && Number.isFinite(start)) {
    w.varint(HISTOGRAM.start);
    w.int64(startTimestamp(start));
  }
}
