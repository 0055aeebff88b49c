import type { LabelSet } from '../model';

/**
 * The label block (`{a="x",b="y"}`, or nothing) of each series of one family,
 * kept as UTF-8 bytes from one scrape to the next: building it (escaping,
 * joining, encoding) was most of a scrape, and it only changes when the series
 * do. One buffer per family, outside the JavaScript heap, and where each
 * entry's bytes end.
 *
 * A series list changes in place only by removal (the series after the
 * removed one move down) and by appending; anything else gives the family a
 * new list, and a new cache. So when the series at an index is the one an
 * entry there was written from, no series before it has moved: the cache
 * remembers the series of every BLOCK-th entry and of its last one, not of
 * every entry, and checks those before it writes a block from its bytes. A
 * reference per series would be 8 B of heap per series.
 */
export class SeriesLabelBytes {
  /** The series of entries BLOCK - 1, 2 × BLOCK - 1, ... */
  private samples: LabelSet[] = [];
  /** The series of the last entry. */
  private last: LabelSet | undefined = undefined;
  private count = 0;
  /** Entry `i` is `bytes[ends[i - 1], ends[i])`. */
  private ends: Uint32Array = new Uint32Array(0);
  private bytes: Buffer = EMPTY;
  private used = 0;
  private readonly texts: string[] = new Array(ENCODED_TOGETHER).fill('');
  /** Whether every byte is ASCII; label values with other characters make the exposition UTF-8. */
  ascii = true;

  constructor(
    /** What the label text depends on besides the series (the default labels): another key is another cache. */
    readonly key: string,
    private readonly text: (labels: LabelSet) => string,
    /** Whether a series' label block can be kept at all (the same in every scrape, whatever it negotiates). */
    private readonly keepable: (labels: LabelSet) => boolean,
  ) {}

  /** The kept bytes (valid until the next `refresh`). */
  get buffer(): Buffer {
    return this.bytes;
  }

  /** Where entry `i` starts; it ends at `start(i + 1)`. */
  start(i: number): number {
    return i === 0 ? 0 : this.ends[i - 1];
  }

  /** Whether the entries of `i`'s block (up to the last entry) are those of `points`. */
  private holdsBlockOf(i: number, points: readonly LabelSet[]): boolean {
    if (i >= this.count) return false;
    const end = i | (BLOCK - 1);
    if (end < this.count) return end < points.length && this.samples[end >> BLOCK_BITS] === points[end];
    const last = this.count - 1;
    return last < points.length && this.last === points[last];
  }

  /**
   * Writes the entries of `points[from, to)` again when they are not those
   * kept: everything from the first block that differs is dropped (the series
   * after a removed one have all moved) and written from `points`. False when
   * a series to write cannot be kept (the entries before it are).
   */
  refresh(points: readonly LabelSet[], from: number, to: number): boolean {
    // Entries are written in order: any not written yet before `from` are written first.
    let i = Math.min(from, this.count);
    while (i < to && this.holdsBlockOf(i, points)) i = Math.min((i | (BLOCK - 1)) + 1, this.count);
    if (i >= to) return true;
    const start = i < this.count ? i & ~(BLOCK - 1) : this.count;
    this.keepFirst(points, start);
    for (let k = start; k < to; k++) if (!this.keepable(points[k])) return false;
    if (this.ends.length < to) this.ends = grownEnds(this.ends, to, points.length);
    for (let at = start; at < to; at += ENCODED_TOGETHER) {
      this.append(points, at, Math.min(to, at + ENCODED_TOGETHER));
    }
    return true;
  }

  /** A few series' text encoded in one call: each call into the runtime costs more than a short string. */
  private append(points: readonly LabelSet[], from: number, to: number): void {
    const texts = this.texts;
    let joined = '';
    for (let i = from; i < to; i++) {
      const text = this.text(points[i]);
      texts[i - from] = text;
      joined += text;
    }
    const room = joined.length * 3;
    if (this.bytes.length - this.used < room) {
      // Sized for the whole family at the bytes per series so far: a million series are copied once or twice, not twenty times.
      const expected = Math.ceil(((this.used + joined.length) / to) * points.length * 1.0625);
      this.bytes = grownBytes(this.bytes, this.used, Math.max(room, expected - this.used));
    }
    const written = this.bytes.write(joined, this.used, 'utf8');
    const ascii = written === joined.length;
    if (!ascii) this.ascii = false;
    let end = this.used;
    for (let i = from; i < to; i++) {
      const text = texts[i - from];
      end += ascii ? text.length : Buffer.byteLength(text, 'utf8');
      this.ends[i] = end;
      if ((i & (BLOCK - 1)) === BLOCK - 1) this.samples[i >> BLOCK_BITS] = points[i];
    }
    texts.fill('');
    this.used = end;
    this.count = to;
    this.last = points[to - 1];
  }

  /**
   * Forgets the entries from `count` on, the first `count` being those of
   * `points`: series removed from the family's end are not kept alive.
   */
  keepFirst(points: readonly LabelSet[], count: number): void {
    if (this.count <= count) return;
    this.count = count;
    this.samples.length = count >> BLOCK_BITS;
    this.last = count === 0 ? undefined : points[count - 1];
    this.used = this.start(count);
  }

  /** Gives back the room a growing cache reserved beyond its bytes, once a scrape has written them all. */
  trim(): void {
    if (this.bytes.length > this.used + (this.used >> 3)) {
      const exact = Buffer.allocUnsafeSlow(this.used);
      this.bytes.copy(exact, 0, 0, this.used);
      this.bytes = exact;
    }
    if (this.ends.length > this.count) this.ends = this.ends.slice(0, this.count);
  }
}

/** Series label texts joined into one string before they are encoded. */
const ENCODED_TOGETHER = 64;

/** Entries checked together by the series of the last of them: half a byte of heap per series. */
const BLOCK_BITS = 4;
const BLOCK = 1 << BLOCK_BITS;

const EMPTY = Buffer.alloc(0);

function grownBytes(bytes: Buffer, used: number, room: number): Buffer {
  const grown = Buffer.allocUnsafeSlow(Math.max(bytes.length + (bytes.length >> 1), used + room, 4096));
  bytes.copy(grown, 0, 0, used);
  return grown;
}

function grownEnds(ends: Uint32Array, needed: number, expected: number): Uint32Array {
  const grown = new Uint32Array(Math.max(needed, expected));
  grown.set(ends);
  return grown;
}

/**
 * Each family's kept label bytes, by its points array: a metric hands out its
 * live series list, the same array scrape after scrape until its series are
 * swept or cleared (a new array, and the old one's bytes go with it). `null`:
 * the array was seen once; a collector that builds new points at each scrape
 * never gets a cache it would throw away.
 */
const kept = new WeakMap<readonly LabelSet[], SeriesLabelBytes | null>();

/** The live array a copy was taken from. */
const copiedFrom = new WeakMap<readonly LabelSet[], readonly LabelSet[]>();

/**
 * Marks `copy` as a copy of the family's live `points`, taken to write from
 * across yields (series added or removed meanwhile must not shift it): the
 * copy keeps the live array's label bytes.
 */
export function writtenFromCopy<P extends LabelSet>(copy: P[], points: readonly P[]): P[] {
  copiedFrom.set(copy, copiedFrom.get(points) ?? points);
  return copy;
}

/**
 * The label bytes kept for `points` under `key`, or undefined the first time
 * these points are written; `text` writes one series' label block, of the
 * series `keepable` accepts.
 */
export function labelBytesOf(
  points: readonly LabelSet[],
  key: string,
  text: (labels: LabelSet) => string,
  keepable: (labels: LabelSet) => boolean,
): SeriesLabelBytes | undefined {
  const live = copiedFrom.get(points) ?? points;
  const cached = kept.get(live);
  if (cached === undefined) {
    kept.set(live, null);
    return undefined;
  }
  if (cached !== null && cached.key === key) return cached;
  const fresh = new SeriesLabelBytes(key, text, keepable);
  kept.set(live, fresh);
  return fresh;
}
