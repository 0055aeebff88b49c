import type { CounterPoint, Exemplar, GaugePoint } from '../model';
import { writeNumber } from './number-bytes';
import { KEPT_CHUNK_MASK, type SeriesLabelBytes } from './series-label-bytes';
import type { Utf8Appender } from './utf8-text';

/** How a format writes the rest of a one-line sample: its value, timestamp and exemplar. */
export interface SampleTail {
  number(v: number): string;
  /** Integers of lower magnitude are written in positional notation, digit by digit. */
  readonly plainIntegersBelow: number;
  timestamp(ms: number | undefined): string;
  exemplar(exemplar: Exemplar | undefined): string;
}

/** The most bytes a line takes besides its name and labels, without timestamp or exemplar: ` `, value, `\n`. */
const VALUE_ROOM = 34;

/** Room asked of the appender at once, so most lines are written without asking. */
const ROOM_AHEAD = 16 * 1024;

/**
 * `name{labels} value timestamp exemplar` lines of series `from` to `to`,
 * written as bytes: the label blocks copied from `labels` (refreshed by the
 * caller), the values formatted in place. No string is built per series
 * unless it has a timestamp or an exemplar.
 */
export function writeKeptLabelLines(
  out: Utf8Appender<unknown>,
  tail: SampleTail,
  sample: string,
  points: readonly (CounterPoint | GaugePoint)[],
  from: number,
  to: number,
  labels: SeriesLabelBytes,
): void {
  if (to === points.length) labels.keepFirst(points, to);
  const name = Buffer.from(sample, 'utf8');
  let kept = labels.chunkOf(from);
  let ascii = labels.ascii && name.length === sample.length;
  let buffer = out.room(ROOM_AHEAD);
  let at = out.position;
  let start = labels.start(from);
  for (let i = from; i < to; i++) {
    const p = points[i];
    if ((i & KEPT_CHUNK_MASK) === 0) {
      kept = labels.chunkOf(i);
      start = 0;
    }
    const end = labels.end(i);
    const need = name.length + (end - start) + VALUE_ROOM;
    if (buffer.length - at < need) {
      out.advance(at, ascii);
      buffer = out.room(need + ROOM_AHEAD);
      at = out.position;
    }
    for (let k = 0; k < name.length; k++) buffer[at++] = name[k];
    for (let k = start; k < end; k++) buffer[at++] = kept[k];
    buffer[at++] = 32; // ' '
    at = writeNumber(buffer, at, p.value, tail.plainIntegersBelow, tail.number);
    const exemplar = (p as CounterPoint).exemplar;
    if (p.timestamp !== undefined || exemplar !== undefined) {
      const text = tail.timestamp(p.timestamp) + tail.exemplar(exemplar);
      if (buffer.length - at < text.length * 3 + 1) {
        out.advance(at, ascii);
        buffer = out.room(text.length * 3 + ROOM_AHEAD);
        at = out.position;
      }
      const written = buffer.write(text, at, 'utf8');
      if (written !== text.length) ascii = false;
      at += written;
    }
    buffer[at++] = 10; // '\n'
    start = end;
  }
  out.advance(at, ascii);
}
