import type { Reduction } from '../modes';
import {
  type FamilySnapshot,
  fromWire,
  type GaugeSnapshot,
  type ProcessSnapshot,
  type WireExemplar,
  type WireNumber,
} from '../snapshot';
import { type SeriesValueCheck, seriesValueCheck } from '../validate-snapshot';
import type { FamilyDefinition } from './family-definition';
import { SeriesSlot } from './series-slot';
import type { SlotTrie } from './slot-trie';
import { type VectorReader, vectorReader } from './vector-reader';

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

const MERGING: ReadonlySet<Reduction> = new Set(['sum', 'average', 'min', 'max']);

/** Label names in a fixed order, so the same label set written in another order still meets. */
function canonicalOrder(names: readonly string[]): number[] | undefined {
  const order = names
    .map((_, i) => i)
    .sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  return order.every((v, i) => v === i) ? undefined : order;
}

/** A series' labels as a message shows them: `{queue="mail"}`. */
function labelsOf(names: readonly string[], values: readonly string[], s: number): string {
  const from = s * names.length;
  return `{${names.map((name, i) => `${name}=${JSON.stringify(values[from + i])}`).join(',')}}`;
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
  private readonly worker: string;
  /** The path: the label names, then the values in name order, then the worker. */
  private readonly path: string[];
  private readonly length: number;
  private readonly read: VectorReader;
  private readonly check: SeriesValueCheck | undefined;
  private readonly exemplars: Map<number, BucketExemplars> | undefined;
  private readonly gauge: boolean;

  constructor(
    private readonly target: EntryTarget,
    private readonly entry: FamilySnapshot,
    private readonly snapshot: ProcessSnapshot,
    private readonly generation: number,
    workerLabel: string,
    private readonly cached: (SeriesSlot | undefined)[],
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
    this.worker = workerLabel === 'pid' ? String(snapshot.pid) : snapshot.worker;
    this.path = new Array<string>(width + 2);
    this.path[0] = (this.order ? this.order.map((i) => names[i]) : names).join(',');
    this.length = width + (this.perWorker ? 2 : 1);
    if (this.perWorker) this.path[width + 1] = this.worker;
    this.read = vectorReader(entry, target.width);
    this.check = seriesValueCheck(entry);
    this.exemplars = histogramExemplarsBySeries(entry);
    this.gauge = entry.type === 'gauge' || entry.type === 'unknown';
  }

  /** Folds series `from` to `to` (excluded) in. */
  absorb(from: number, to: number): void {
    const { entry, target, cached, path, order, reduction, read, check } = this;
    const values = entry.labelValues;
    const width = this.names.length;
    const extras = entry.type !== 'gauge' && entry.type !== 'unknown' && entry.type !== 'info';
    for (let s = from; s < to; s++) {
      if (check !== undefined) {
        const problem = check(s);
        if (problem !== undefined) {
          this.refused ??= { series: 0, first: `${labelsOf(this.names, values, s)}: ${problem}` };
          this.refused.series++;
          continue;
        }
      }
      let slot = cached[s];
      if (slot === undefined) {
        const at = s * width;
        for (let i = 0; i < width; i++) path[i + 1] = values[at + (order ? order[i] : i)];
        const found = target.slots.find(path, this.length);
        if (found !== undefined) {
          slot = found;
        } else {
          const labelValues = values.slice(at, at + width);
          if (this.perWorker) labelValues.push(this.worker);
          slot = new SeriesSlot(this.outNames, labelValues, target.width);
          target.slots.insert(path, this.length, slot);
        }
        cached[s] = slot;
      }
      slot.begin(this.generation);
      const changedAt = this.gauge ? (entry as GaugeSnapshot).changedAt[s] : this.snapshot.takenAt;
      const taken = slot.absorb(reduction, read, s, changedAt);
      if (!taken && !this.merging) continue;
      if (entry.created !== undefined) slot.noteCreated(entry.created[s]);
      if (extras) absorbExtras(slot, entry, s, taken, this.snapshot.takenAt, this.exemplars);
    }
  }
}

type BucketExemplars = [number, WireExemplar][];

function histogramExemplarsBySeries(entry: FamilySnapshot): Map<number, BucketExemplars> | undefined {
  if (entry.type !== 'histogram' || entry.exemplars === undefined) return undefined;
  const bySeries = new Map<number, BucketExemplars>();
  for (const [series, bucket, exemplar] of entry.exemplars) {
    let list = bySeries.get(series);
    if (list === undefined) bySeries.set(series, (list = []));
    list.push([bucket, exemplar]);
  }
  return bySeries;
}

function absorbExtras(
  slot: SeriesSlot,
  entry: FamilySnapshot,
  s: number,
  taken: boolean,
  takenAt: number,
  histogramExemplars: Map<number, BucketExemplars> | undefined,
): void {
  switch (entry.type) {
    case 'counter': {
      const exemplar = entry.exemplars?.[s];
      if (exemplar) slot.offerExemplar(0, 1, exemplar, takenAt);
      break;
    }
    case 'histogram':
      for (const [bucket, exemplar] of histogramExemplars?.get(s) ?? []) {
        slot.offerExemplar(bucket, entry.upperBounds.length + 1, exemplar, takenAt);
      }
      slot.addNative(entry.natives?.[s] ?? null, taken);
      break;
    case 'summary': {
      const q = entry.quantiles.length;
      slot.addSketch(entry.sketches[s], taken, () =>
        (entry.quantileValues.slice(s * q, s * q + q) as WireNumber[]).map(fromWire),
      );
      break;
    }
  }
}
