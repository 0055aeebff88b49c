import type { LabelSet } from '../../model';

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** How a number data point was written: its bytes can be reused only by a point written the same way. */
export const POINT_SHAPE = {
  /** With exemplars, or on a big-endian machine: written afresh every time. */
  unique: 0,
  /** Time and value, then attributes. */
  timeAndValue: 1,
  /** Start time, time and value, then attributes. */
  startTimeAndValue: 2,
} as const;

/** What changed in a reused point since it was written: the fields to write over. */
export const CHANGED = { start: 1, value: 2 } as const;

/** Whether `now` must be written over `before`: 0 and -0 differ in bytes, and a NaN is written again. */
function differs(before: number, now: number): boolean {
  return before !== now || (now === 0 && 1 / now !== 1 / before);
}

function grown<T extends Int32Array | Float64Array | Uint8Array>(array: T, size: number): T {
  if (size <= array.length) return array;
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
  bigger.set(array);
  return bigger;
}

/**
 * The number data points of one metric as the latest export wrote them, point
 * by point: where each lies in that export's payload, and what it was written
 * from. A series' labels rarely change between exports, and its point's other
 * fields (times, value) have fixed widths, so a point whose labels and shape
 * equal those of the previous export's point at the same place has the same
 * bytes but for those fields: the encoder copies it from the previous payload
 * (consecutive points in one run) and writes those fields over. Labels are
 * compared by content (the values kept as a copy): a series added, removed or
 * relabelled is written afresh, and a collector that reuses one array for its
 * values cannot fool it. A metric's series is kept itself instead: its values
 * never change, so the same series has the same labels. Updated in place as an export goes: point k's entry
 * describes the previous export until point k of this one is written.
 */
export class NumberPointMemo {
  private names: (readonly string[])[] = [];
  /** A metric's series itself, or a copy of another point's values. */
  private sources: (LabelSet | readonly string[])[] = [];
  /** Where the point's field (tag and length included) starts, and its length. */
  starts = new Int32Array(0);
  private lengths = new Int32Array(0);
  /** Bytes from the start to its first fixed-width field (the tag and the length). */
  headers = new Uint8Array(0);
  private shapes = new Uint8Array(0);
  /** The fields as last written: what a reused point's bytes hold. */
  startMs = new Float64Array(0);
  timeMs = new Float64Array(0);
  value = new Float64Array(0);
  /** Per reused point of this export, its CHANGED bits. */
  changed = new Uint8Array(0);
  private count = 0;
  /** The index the next point gets. */
  next = 0;

  /** Starts an export compared point by point with the previous one. */
  begin(): void {
    this.next = 0;
  }

  /**
   * Where the previous export wrote point `k`, when it was written from the
   * same labels in the same shape (else -1): its bytes are reusable.
   */
  reusableAt(k: number, labels: LabelSet, shape: number): number {
    if (k >= this.count || this.shapes[k] !== shape || shape === POINT_SHAPE.unique) return -1;
    const names = this.names[k];
    if (names !== labels.labelNames && !sameStrings(names, labels.labelNames)) return -1;
    const source = this.sources[k];
    if (source === labels) return this.starts[k];
    return Array.isArray(source) && sameStrings(source, labels.labelValues) ? this.starts[k] : -1;
  }

  /** The previous export's point `k`: its length. */
  lengthOf(k: number): number {
    return this.lengths[k];
  }

  /** Point `k`, reused at `at`, now with these fields. */
  kept(k: number, at: number, startMs: number, timeMs: number, value: number): void {
    this.next = k + 1;
    this.starts[k] = at;
    let changed = 0;
    if (differs(this.startMs[k], startMs)) {
      this.startMs[k] = startMs;
      changed |= CHANGED.start;
    }
    if (differs(this.value[k], value)) {
      this.value[k] = value;
      changed |= CHANGED.value;
    }
    this.changed[k] = changed;
    this.timeMs[k] = timeMs;
  }

  /** Point `k` written afresh from `start` to `end`, its fixed fields `header` bytes after its start. */
  written(
    k: number,
    labels: LabelSet,
    shape: number,
    start: number,
    header: number,
    end: number,
    startMs: number,
    timeMs: number,
    value: number,
  ): void {
    this.next = k + 1;
    if (k >= this.starts.length) this.grow(k + 1);
    this.names[k] = labels.labelNames;
    // A series builds its values on each read (see `LabelSet.labelValueAt`); its values never change.
    this.sources[k] = labels.labelValueAt === undefined ? labels.labelValues.slice() : labels;
    this.starts[k] = start;
    this.lengths[k] = end - start;
    this.headers[k] = header;
    this.shapes[k] = shape;
    this.startMs[k] = startMs;
    this.timeMs[k] = timeMs;
    this.value[k] = value;
  }

  private grow(size: number): void {
    this.starts = grown(this.starts, size);
    this.lengths = grown(this.lengths, size);
    this.headers = grown(this.headers, size);
    this.shapes = grown(this.shapes, size);
    this.startMs = grown(this.startMs, size);
    this.timeMs = grown(this.timeMs, size);
    this.value = grown(this.value, size);
    this.changed = grown(this.changed, size);
  }

  /** The export is written: its points are what the next one is compared with. */
  commit(): void {
    this.count = this.next;
    // What a series that left held is dropped with it.
    if (this.names.length > this.count) {
      this.names.length = this.count;
      this.sources.length = this.count;
    }
  }
}
