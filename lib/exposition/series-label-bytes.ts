import type { LabelSet } from '../model';
import { plainLabelBlockRoom, writePlainLabelBlock } from './label-block-bytes';

/**
 * The label block (`{a="x",b="y"}`, or nothing) of each series of one family,
 * kept as UTF-8 bytes from one scrape to the next: building it (escaping,
 * joining, encoding) was most of a scrape, and it only changes when the series
 * do. The bytes are kept outside the JavaScript heap in chunks of
 * KEPT_CHUNK_SERIES series each, so that keeping a million series never
 * copies them all in one step (one buffer for the family grew by copying,
 * and held the old bytes beside the new meanwhile), with where each entry's
 * bytes end in its chunk.
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
  /** Entry `i` is `chunks[i >> KEPT_CHUNK_BITS][start(i), ends[i])`. */
  private ends: Uint32Array = new Uint32Array(0);
  private chunks: Buffer[] = [];
  /** Bytes of the last chunk in use. */
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

  /** The chunk holding entry `i`'s bytes (valid until the next `refresh`). */
  chunkOf(i: number): Buffer {
    return this.chunks[i >> KEPT_CHUNK_BITS];
  }

  /** Where entry `i` starts in its chunk. */
  start(i: number): number {
    return (i & KEPT_CHUNK_MASK) === 0 ? 0 : this.ends[i - 1];
  }

  /** Where entry `i` ends in its chunk. */
  end(i: number): number {
    return this.ends[i];
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
    for (let at = start; at < to; ) {
      // Never across a chunk's end.
      const end = Math.min(to, at + ENCODED_TOGETHER, (at | KEPT_CHUNK_MASK) + 1);
      this.append(points, at, end);
      at = end;
    }
    return true;
  }

  /** Entries `from` to `to` (in one chunk), at the end of that chunk. */
  private append(points: readonly LabelSet[], from: number, to: number): void {
    const c = from >> KEPT_CHUNK_BITS;
    if (c === this.chunks.length) {
      // Sized for its series at the bytes per series of the chunk before (or of its first), with a
      // little room: a chunk trimmed or grown is a copy, and the old one lingers until a collection.
      const perSeries =
        c > 0
          ? this.ends[(c << KEPT_CHUNK_BITS) - 1] / KEPT_CHUNK_SERIES
          : plainLabelBlockRoom(points[from]) + 8;
      this.chunks.push(Buffer.allocUnsafeSlow(Math.ceil(perSeries * KEPT_CHUNK_SERIES * 1.0625)));
      this.used = 0;
    }
    const end =
      this.key === '' ? this.writePlain(points, from, to, c) : this.writeJoined(points, from, to, c);
    this.used = end;
    this.count = to;
    this.last = points[to - 1];
    for (let i = from | (BLOCK - 1); i < to; i += BLOCK) this.samples[i >> BLOCK_BITS] = points[i];
    // A full chunk gives back the room it did not use.
    if ((to & KEPT_CHUNK_MASK) === 0) this.trimChunk(c);
  }

  /**
   * Without default labels a series' block is its braced label set: written
   * straight as bytes, no string built (a million of them were garbage enough
   * to bring on a major collection); a block that needs escaping or UTF-8
   * from its text.
   */
  private writePlain(points: readonly LabelSet[], from: number, to: number, c: number): number {
    let chunk = this.chunks[c];
    let end = this.used;
    for (let i = from; i < to; i++) {
      const p = points[i];
      const room = plainLabelBlockRoom(p);
      if (chunk.length - end < room) chunk = this.grown(c, end, room);
      let written = writePlainLabelBlock(p, chunk, end);
      if (written < 0) {
        const text = this.text(p);
        if (chunk.length - end < text.length * 3) chunk = this.grown(c, end, text.length * 3);
        const bytes = chunk.write(text, end, 'utf8');
        if (bytes !== text.length) this.ascii = false;
        written = end + bytes;
      }
      end = written;
      this.ends[i] = end;
    }
    return end;
  }

  /** A few series' text encoded in one call: each call into the runtime costs more than a short string. */
  private writeJoined(points: readonly LabelSet[], from: number, to: number, c: number): number {
    const texts = this.texts;
    let joined = '';
    for (let i = from; i < to; i++) {
      const text = this.text(points[i]);
      texts[i - from] = text;
      joined += text;
    }
    let chunk = this.chunks[c];
    if (chunk.length - this.used < joined.length * 3) chunk = this.grown(c, this.used, joined.length * 3);
    const written = chunk.write(joined, this.used, 'utf8');
    const ascii = written === joined.length;
    if (!ascii) this.ascii = false;
    let end = this.used;
    for (let i = from; i < to; i++) {
      const text = texts[i - from];
      end += ascii ? text.length : Buffer.byteLength(text, 'utf8');
      this.ends[i] = end;
    }
    texts.fill('');
    return end;
  }

  /** Chunk `c`, copied into a larger one with room for `room` more bytes after its first `used`. */
  private grown(c: number, used: number, room: number): Buffer {
    const grown = grownBytes(this.chunks[c], used, room);
    this.chunks[c] = grown;
    return grown;
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
    this.chunks.length = (count + KEPT_CHUNK_MASK) >> KEPT_CHUNK_BITS;
    this.used = (count & KEPT_CHUNK_MASK) === 0 ? 0 : this.ends[count - 1];
  }

  /** Gives back the room the last chunk reserved beyond its bytes, once a scrape has written them all. */
  trim(): void {
    if ((this.count & KEPT_CHUNK_MASK) !== 0) this.trimChunk(this.chunks.length - 1);
    if (this.ends.length > this.count) this.ends = this.ends.slice(0, this.count);
  }

  private trimChunk(c: number): void {
    const chunk = this.chunks[c];
    if (chunk.length > this.used + (this.used >> 3)) {
      const exact = Buffer.allocUnsafeSlow(this.used);
      chunk.copy(exact, 0, 0, this.used);
      this.chunks[c] = exact;
    }
  }
}

/** Series whose label bytes share one chunk: a few hundred kilobytes. */
export const KEPT_CHUNK_BITS = 12;
const KEPT_CHUNK_SERIES = 1 << KEPT_CHUNK_BITS;
/** `i & KEPT_CHUNK_MASK` is 0 for the first entry of a chunk. */
export const KEPT_CHUNK_MASK = KEPT_CHUNK_SERIES - 1;

/** Series label texts joined into one string before they are encoded. */
const ENCODED_TOGETHER = 64;

/** Entries checked together by the series of the last of them: half a byte of heap per series. */
const BLOCK_BITS = 4;
const BLOCK = 1 << BLOCK_BITS;

/** A chunk grows by an eighth (it was sized for its series) or what the series need. */
function grownBytes(bytes: Buffer, used: number, room: number): Buffer {
  const grown = Buffer.allocUnsafeSlow(Math.max(bytes.length + (bytes.length >> 3), used + room, 4096));
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
