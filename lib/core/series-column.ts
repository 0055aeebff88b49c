/**
 * The label values and the number of a metric's series, kept side by side
 * rather than in each series: an array of three label values costs 72 B, its
 * three entries here 24 B; a number field costs its series 8 B and, once any
 * series of its kind holds a fraction, a box of 16 B, its entry here 8 B. At
 * 100k series those differences are two fifths of what a series costs.
 *
 * Counters and gauges keep their value in the slot's number; other series
 * leave it at 0.
 *
 * A slot is given up when its series leaves the store (removed, expired or
 * reset); the series then takes its labels and number back as an
 * `OwnSlot`, so a child the app still holds keeps counting, and a scrape
 * still writing it reads what it held.
 */
/** Label entries per chunk at most: V8 keeps an array made at a larger length as a dictionary. */
const CHUNK_ENTRIES = 8192;

/**
 * An empty array of unboxed doubles: it never holds anything else, so its
 * numbers stay 8 B each in the heap, and writing a fraction allocates nothing.
 * (A `Float64Array` would keep them outside the heap.)
 */
function doubles(): number[] {
  const array = [0.5];
  array.pop();
  return array;
}

/** A series' labels and number while the column does not hold them. */
export class OwnSlot {
  constructor(
    readonly labelValues: readonly string[],
    public value = 0,
  ) {}
}

/**
 * Where a series finds its labels and number: a slot of its metric's column
 * while the store holds it with all the metric's labels, its own otherwise (a
 * partial label set, the overflow series, or after it left the store).
 */
export type SeriesSlot = number | OwnSlot;

export class SeriesColumn {
  /**
   * Label chunks of `1 << chunkBits` slots each. The last one grows as series
   * come and is copied to its exact length once full: an array grown by
   * appending keeps up to half its length again unused.
   */
  private chunks: string[][] = [];
  /**
   * Each slot's number, in one array rather than chunks: a child's `inc()`
   * reads its way here (series, metric, column, array), and each dependent
   * read more is what makes it slower. Series read and write it directly.
   */
  readonly numbers: number[] = doubles();
  private readonly chunkBits: number;
  private readonly slotMask: number;
  /** Slots handed out so far, given up or not. */
  private slots = 0;
  /** Slots given up, reused before the column grows. */
  private freeSlots: number[] = [];

  constructor(readonly depth: number) {
    this.chunkBits = Math.max(0, Math.floor(Math.log2(CHUNK_ENTRIES / Math.max(depth, 1))));
    this.slotMask = (1 << this.chunkBits) - 1;
  }

  /** Stores one series' labels (exactly `depth` of them) and number, and returns their slot. */
  store(own: OwnSlot): number {
    const reused = this.freeSlots.pop();
    const slot = reused ?? this.slots++;
    const c = slot >> this.chunkBits;
    const index = slot & this.slotMask;
    if (c === this.chunks.length) this.chunks.push([]);
    const chunk = this.chunks[c];
    const at = index * this.depth;
    const values = own.labelValues;
    for (let i = 0; i < this.depth; i++) chunk[at + i] = values[i];
    this.numbers[slot] = own.value;
    // The chunk's last slot handed out for the first time: the chunk is full and stays so.
    if (reused === undefined && index === this.slotMask) this.chunks[c] = chunk.slice();
    return slot;
  }

  /** Label value `i` of the series in `slot`. */
  at(slot: number, i: number): string {
    return this.chunks[slot >> this.chunkBits][(slot & this.slotMask) * this.depth + i];
  }

  /** The label values of the series in `slot`, as a new array. */
  valuesAt(slot: number): string[] {
    const at = (slot & this.slotMask) * this.depth;
    return this.chunks[slot >> this.chunkBits].slice(at, at + this.depth);
  }

  /** The series in `slot` as its own: its labels and number, the slot given up. */
  release(slot: number): OwnSlot {
    const own = new OwnSlot(this.valuesAt(slot), this.numbers[slot]);
    const chunk = this.chunks[slot >> this.chunkBits];
    const at = (slot & this.slotMask) * this.depth;
    // Its strings are let go now; the slot is reused by the next series stored.
    for (let i = 0; i < this.depth; i++) chunk[at + i] = '';
    this.numbers[slot] = 0;
    this.freeSlots.push(slot);
    return own;
  }

  clear(): void {
    this.chunks = [];
    this.numbers.length = 0;
    this.slots = 0;
    this.freeSlots = [];
  }
}
