import type { Reduction } from '../modes';
import type { FamilyDefinition } from './family-definition';
import type { MergeEntry } from './merge-entry';
import { SeriesSlot } from './series-slot';
import type { SlotTrie } from './slot-trie';

/** The family an entry's series go to. */
export interface EntryTarget {
  readonly definition: FamilyDefinition;
  /** Vector width per series: see SeriesSlot. */
  readonly width: number;
  readonly slots: SlotTrie;
}

/** An entry's series refused for values their type cannot have: how many, and the first one's labels and fault. */
export interface Refused {
  series: number;
  readonly first: string;
}

/** An entry's slots by series position, from the scrapes before, and what each position stood for. */
export interface CachedSlots {
  readonly slots: (SeriesSlot | undefined)[];
  readonly objects: object[];
}

const MERGING: ReadonlySet<Reduction> = new Set(['sum', 'average', 'min', 'max']);

/** Label names in a fixed order, so the same label set written in another order still meets. */
function canonicalOrder(names: readonly string[]): number[] | undefined {
  const order = names
    .map((_, i) => i)
    .sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  return order.every((v, i) => v === i) ? undefined : order;
}

/** A series' labels as a message shows them: `{queue="mail"}`. */
function labelsOf(entry: MergeEntry, s: number): string {
  return `{${entry.labelNames.map((name, i) => `${name}=${JSON.stringify(entry.labelValue(s, i))}`).join(',')}}`;
}

/**
 * Folds one process's entry into its family's slots for one scrape, a range
 * of series at a time, so a merge can pause between ranges. `cached` holds
 * the entry's slots by series position from the scrapes before.
 */
export class EntryMerge {
  refused: Refused | undefined = undefined;
  private readonly reduction: Reduction;
  private readonly merging: boolean;
  private readonly names: readonly string[];
  private readonly order: number[] | undefined;
  private readonly perWorker: boolean;
  private readonly outNames: readonly string[];
  /** The path: the label names, then the values in name order, then the worker. */
  private readonly path: string[];
  private readonly length: number;

  constructor(
    private readonly target: EntryTarget,
    private readonly entry: MergeEntry,
    /** The value of the worker label in `all` modes. */
    private readonly worker: string,
    private readonly generation: number,
    workerLabel: string,
    private readonly cached: CachedSlots,
  ) {
    this.reduction = target.definition.mode.reduction;
    this.merging = MERGING.has(this.reduction);
    const names = entry.labelNames;
    const width = names.length;
    this.names = names;
    this.order = canonicalOrder(names);
    this.perWorker = this.reduction === 'all';
    this.outNames = this.perWorker
      ? [...names, names.includes(workerLabel) ? `promkit_${workerLabel}` : workerLabel]
      : names;
    this.path = new Array<string>(width + 2);
    this.path[0] = (this.order ? this.order.map((i) => names[i]) : names).join(',');
    this.length = width + (this.perWorker ? 2 : 1);
    if (this.perWorker) this.path[width + 1] = worker;
  }

  /** Folds series `from` to `to` (excluded) in. */
  absorb(from: number, to: number): void {
    const { entry, target, path, order, reduction } = this;
    const { read, check } = entry;
    const { slots: cached, objects } = this.cached;
    const { seriesObject, absorbExtras } = entry;
    const width = this.names.length;
    for (let s = from; s < to; s++) {
      if (check !== undefined) {
        const problem = check(s);
        if (problem !== undefined) {
          this.refused ??= { series: 0, first: `${labelsOf(entry, s)}: ${problem}` };
          this.refused.series++;
          continue;
        }
      }
      let slot = cached[s];
      if (slot !== undefined && seriesObject !== undefined && objects[s] !== seriesObject(s))
        slot = undefined;
      if (slot === undefined) {
        for (let i = 0; i < width; i++) path[i + 1] = entry.labelValue(s, order ? order[i] : i);
        const found = target.slots.find(path, this.length);
        if (found !== undefined) {
          slot = found;
        } else {
          const labelValues = new Array<string>(width);
          for (let i = 0; i < width; i++) labelValues[i] = entry.labelValue(s, i);
          if (this.perWorker) labelValues.push(this.worker);
          slot = new SeriesSlot(this.outNames, labelValues, target.width);
          target.slots.insert(path, this.length, slot);
        }
        cached[s] = slot;
        if (seriesObject !== undefined) objects[s] = seriesObject(s);
      }
      slot.begin(this.generation);
      const taken = slot.absorb(reduction, read, s, entry.changedAt(s));
      if (!taken && !this.merging) continue;
      slot.noteCreated(entry.created(s));
      if (absorbExtras !== undefined) absorbExtras(slot, s, taken);
    }
  }
}
