/**
 * The label values of a metric's series, kept side by side in one array,
 * `depth` values per slot, rather than in an array per series: an array of
 * three values costs 72 B, its three entries here 24 B, and at 100k series
 * that difference is a third of what a series costs.
 *
 * A slot is given up when its series leaves the store (removed, expired or
 * reset); the series then takes its values back as an array of its own
 * (`LabelSlot`), so a child the app still holds keeps its labels, and so
 * does a scrape still writing it.
 */
/** Entries per chunk at most: V8 keeps an array made at a larger length as a dictionary. */
const CHUNK_ENTRIES = 8192;

export class LabelColumn {
  /**
   * Chunks of `1 << chunkBits` slots each. The last one grows as series come
   * (a metric with a few series costs a few entries) and is copied to its
   * exact length once full: an array grown by appending keeps up to half its
   * length again unused.
   */
  private chunks: string[][] = [];
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

  /** Stores one series' values (exactly `depth` of them) and returns their slot. */
  store(values: readonly string[]): number {
    const reused = this.freeSlots.pop();
    const slot = reused ?? this.slots++;
    const c = slot >> this.chunkBits;
    if (c === this.chunks.length) this.chunks.push([]);
    const chunk = this.chunks[c];
    const at = (slot & this.slotMask) * this.depth;
    for (let i = 0; i < this.depth; i++) chunk[at + i] = values[i];
    // The chunk's last slot handed out for the first time: the chunk is full and stays so.
    if (reused === undefined && (slot & this.slotMask) === this.slotMask) this.chunks[c] = chunk.slice();
    return slot;
  }

  /** Value `i` of the series in `slot`. */
  at(slot: number, i: number): string {
    return this.chunks[slot >> this.chunkBits][(slot & this.slotMask) * this.depth + i];
  }

  /** The values of the series in `slot`, as a new array. */
  valuesAt(slot: number): string[] {
    const at = (slot & this.slotMask) * this.depth;
    return this.chunks[slot >> this.chunkBits].slice(at, at + this.depth);
  }

  /** Gives `slot` up: its strings are let go now, and the slot reused by the next series stored. */
  release(slot: number): void {
    const chunk = this.chunks[slot >> this.chunkBits];
    const at = (slot & this.slotMask) * this.depth;
    for (let i = 0; i < this.depth; i++) chunk[at + i] = '';
    this.freeSlots.push(slot);
  }

  clear(): void {
    this.chunks = [];
    this.slots = 0;
    this.freeSlots = [];
  }
}

/**
 * Where a series finds its label values: a slot of its metric's label column
 * while the store holds it with all the metric's labels, its own array
 * otherwise (a partial label set, the overflow series, common labels added,
 * or after it left the store).
 */
export type LabelSlot = number | readonly string[];
