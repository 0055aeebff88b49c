import type { NativeBucketRun, NativeHistogram } from '../../model';
import { BUCKET_SPAN, HISTOGRAM } from './fields';
import type { ProtoWriter } from './proto-writer';

/**
 * Where each native field goes: client_model's Histogram and Remote Write's
 * (which numbers the same fields differently) are written by the same code.
 */
export interface NativeFieldTags {
  readonly schema: number;
  readonly zeroThreshold: number;
  readonly zeroCount: number;
  readonly zeroCountFloat: number;
  readonly negativeSpan: number;
  readonly negativeDelta: number;
  readonly negativeCount: number;
  readonly positiveSpan: number;
  readonly positiveDelta: number;
  readonly positiveCount: number;
  /** Whether a histogram without buckets gets a no-op span: client_model tells native from classic by its spans. */
  readonly markEmpty: boolean;
}

const CLIENT_MODEL_TAGS: NativeFieldTags = {
  schema: HISTOGRAM.schema,
  zeroThreshold: HISTOGRAM.zeroThreshold,
  zeroCount: HISTOGRAM.zeroCount,
  zeroCountFloat: HISTOGRAM.zeroCountFloat,
  negativeSpan: HISTOGRAM.negativeSpan,
  negativeDelta: HISTOGRAM.negativeDelta,
  negativeCount: HISTOGRAM.negativeCount,
  positiveSpan: HISTOGRAM.positiveSpan,
  positiveDelta: HISTOGRAM.positiveDelta,
  positiveCount: HISTOGRAM.positiveCount,
  markEmpty: true,
};

/** Up to this many empty buckets are written as zero counts inside a span: cheaper than a new span. */
const MAX_GAP_IN_SPAN = 2;

/**
 * Walks the populated buckets of ascending runs and reports them as spans: a
 * span starts with its offset (the first one absolute, later ones the gap
 * since the previous span's end); short gaps are filled with empty buckets.
 */
function walk(
  runs: readonly NativeBucketRun[],
  span: (offset: number, length: number) => void,
  bucket: (count: number) => void,
): void {
  let spanOffset = 0;
  let spanLength = 0;
  let next = 0; // index just past the last bucket reported
  let started = false;
  for (let r = 0; r < runs.length; r++) {
    const { offset, counts } = runs[r];
    for (let k = 0; k < counts.length; k++) {
      const count = counts[k];
      if (count === 0) continue;
      const index = offset + k;
      if (!started) {
        started = true;
        spanOffset = index;
        spanLength = 0;
      } else if (index - next > MAX_GAP_IN_SPAN) {
        span(spanOffset, spanLength);
        spanOffset = index - next;
        spanLength = 0;
      } else {
        for (; next < index; next++, spanLength++) bucket(0);
      }
      bucket(count);
      spanLength++;
      next = index + 1;
    }
  }
  if (started) span(spanOffset, spanLength);
}

function isCount(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER;
}

/** Whether every count fits the integer fields; otherwise the float fields carry them all. */
function isIntegral(h: NativeHistogram): boolean {
  if (!isCount(h.zeroCount)) return false;
  for (const runs of [h.positive, h.negative]) {
    for (const run of runs)
      for (let k = 0; k < run.counts.length; k++) if (!isCount(run.counts[k])) return false;
  }
  return true;
}

function hasBuckets(runs: readonly NativeBucketRun[]): boolean {
  for (const run of runs) for (let k = 0; k < run.counts.length; k++) if (run.counts[k] !== 0) return true;
  return false;
}

function writeSpan(w: ProtoWriter, spanTag: number, offset: number, length: number): void {
  w.varint(spanTag);
  const at = w.begin();
  w.varint(BUCKET_SPAN.offset);
  w.zigzag(offset);
  w.varint(BUCKET_SPAN.length);
  w.varint(length);
  w.end(at);
}

function writeSide(
  w: ProtoWriter,
  runs: readonly NativeBucketRun[],
  spanTag: number,
  deltaTag: number,
  countTag: number,
  integral: boolean,
): void {
  walk(
    runs,
    (offset, length) => writeSpan(w, spanTag, offset, length),
    () => {},
  );
  if (!hasBuckets(runs)) return;
  // Packed: one length-delimited field holding every value.
  w.varint(integral ? deltaTag : countTag);
  const at = w.begin();
  let previous = 0;
  walk(
    runs,
    () => {},
    integral
      ? (count) => {
          w.zigzag(count - previous);
          previous = count;
        }
      : (count) => w.double(count),
  );
  w.end(at);
}

/**
 * The native fields of a Histogram message: schema, zero bucket, spans and
 * deltas of each sign (absolute float counts if any count is fractional). A
 * histogram without buckets gets the no-op span that marks it as native where
 * `tags` asks for it.
 */
export function writeNativeFields(w: ProtoWriter, h: NativeHistogram, tags = CLIENT_MODEL_TAGS): void {
  const integral = isIntegral(h);
  w.varint(tags.schema);
  w.zigzag(h.schema);
  w.varint(tags.zeroThreshold);
  w.double(h.zeroThreshold);
  if (integral) {
    w.varint(tags.zeroCount);
    w.varint(h.zeroCount);
  } else {
    w.varint(tags.zeroCountFloat);
    w.double(h.zeroCount);
  }
  writeSide(w, h.negative, tags.negativeSpan, tags.negativeDelta, tags.negativeCount, integral);
  writeSide(w, h.positive, tags.positiveSpan, tags.positiveDelta, tags.positiveCount, integral);
  if (tags.markEmpty && !hasBuckets(h.positive) && !hasBuckets(h.negative))
    writeSpan(w, tags.positiveSpan, 0, 0);
}
