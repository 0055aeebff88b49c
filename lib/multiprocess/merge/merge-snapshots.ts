import type { MetricFamily, MetricType } from '../../model';
import {
  type Deployment,
  defaultMode,
  parseMode,
  type Reduction,
  type ResolvedMode,
  workerLabelOf,
} from '../modes';
import {
  type FamilySnapshot,
  fromWire,
  type GaugeSnapshot,
  type ProcessSnapshot,
  type WireExemplar,
  type WireNumber,
} from '../snapshot';
import type { FamilyDefinition } from './family-definition';
import { SeriesSlot } from './series-slot';
import { SlotTrie } from './slot-trie';
import { toFamily } from './to-family';
import { vectorReader } from './vector-reader';

/** One process's snapshot and whether the process is still running. */
export interface SnapshotSource {
  readonly snapshot: ProcessSnapshot;
  readonly live: boolean;
}

export interface MergeResult {
  readonly families: MetricFamily[];
  /** Entries left out because they disagree with the family's first definition (type, buckets, states). */
  readonly conflicts: string[];
}

interface EntrySlots {
  readonly acc: FamilyAccumulator;
  readonly epoch: number;
  readonly slots: SeriesSlot[];
}

interface FamilyAccumulator {
  readonly definition: FamilyDefinition;
  readonly width: number;
  readonly slots: SlotTrie;
}

/** Infos and statesets are 0/1 flags: adding or averaging them would break that. */
function reductionFor(type: MetricType, reduction: Reduction): Reduction {
  if ((type === 'info' || type === 'stateset') && (reduction === 'sum' || reduction === 'average'))
    return 'max';
  return reduction;
}

/** Reads an already merged view back: one source, every series as it is. */
const PASS_THROUGH: ResolvedMode = { reduction: 'first', live: false };

function definitionOf(entry: FamilySnapshot, deployment: Deployment | 'merged'): FamilyDefinition {
  const declared =
    deployment === 'merged'
      ? PASS_THROUGH
      : parseMode(entry.mode ?? defaultMode(entry.name, entry.type, deployment));
  const mode = { live: declared.live, reduction: reductionFor(entry.type, declared.reduction) };
  const base = { name: entry.name, help: entry.help, type: entry.type, unit: entry.unit, mode };
  switch (entry.type) {
    case 'histogram':
      return { ...base, upperBounds: entry.upperBounds };
    case 'summary':
      return {
        ...base,
        quantiles: entry.quantiles,
        relativeAccuracy: entry.sketches.find((k) => k)?.relativeAccuracy,
      };
    case 'stateset':
      return { ...base, states: entry.states };
    case 'counter':
      return entry.textName === undefined ? base : { ...base, textName: entry.textName };
    default:
      return base;
  }
}

function sameNumbers(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}

function sameDefinition(a: FamilyDefinition, b: FamilyDefinition): boolean {
  return (
    a.type === b.type &&
    a.help === b.help &&
    a.unit === b.unit &&
    a.mode.reduction === b.mode.reduction &&
    a.mode.live === b.mode.live &&
    a.relativeAccuracy === b.relativeAccuracy &&
    sameNumbers(a.upperBounds, b.upperBounds) &&
    sameNumbers(a.quantiles, b.quantiles) &&
    sameNumbers(a.states, b.states)
  );
}

/** Why an entry cannot join a family, or undefined when it can. */
function conflictOf(def: FamilyDefinition, entry: FamilySnapshot): string | undefined {
  if (entry.type !== def.type) return `is a ${entry.type} in one process and a ${def.type} in another`;
  if (entry.type === 'histogram' && !sameNumbers(entry.upperBounds, def.upperBounds)) {
    return 'has different buckets';
  }
  if (entry.type === 'stateset' && !sameNumbers(entry.states, def.states)) return 'has different states';
  if (entry.type === 'summary') {
    if (!sameNumbers(entry.quantiles, def.quantiles) && entry.sketches.includes(null)) {
      return 'reports different quantiles without a sketch to compute them from';
    }
    const accuracy = def.relativeAccuracy;
    if (accuracy !== undefined && entry.sketches.some((k) => k !== null && k.relativeAccuracy !== accuracy)) {
      return 'has sketches of a different relative accuracy';
    }
  }
  return undefined;
}

/** Vector width per series: see SeriesSlot. */
function widthOf(def: FamilyDefinition): number {
  switch (def.type) {
    case 'histogram':
      return (def.upperBounds?.length ?? 0) + 3;
    case 'summary':
      return 2;
    case 'stateset':
      return def.states?.length ?? 0;
    default:
      return 1;
  }
}

/** Label names in a fixed order, so the same label set written in another order still meets. */
function canonicalOrder(names: readonly string[]): number[] | undefined {
  const order = names
    .map((_, i) => i)
    .sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  return order.every((v, i) => v === i) ? undefined : order;
}

const MERGING: ReadonlySet<Reduction> = new Set(['sum', 'average', 'min', 'max']);

/**
 * Merges the snapshots of several processes into one view, scrape after
 * scrape. Sources come in priority order (the serving process first): a
 * family's first definition in a scrape wins, and `first` means the first
 * source that has the series. Counters, histograms and summary counts add up
 * exactly; summary quantiles come from the merged sketches; gauges follow
 * their mode. Series and their points are kept between scrapes, so a scrape
 * of an unchanged set of series allocates little and escapes no label twice.
 */
export class SnapshotMerger {
  private readonly families = new Map<string, FamilyAccumulator>();
  /**
   * Each entry's slots by series position. A hub keeps a member's entries
   * from scrape to scrape, patching changes in, and a directory reader keeps
   * unchanged files' entries: their series then go straight to their slots.
   */
  private readonly slotsByEntry = new WeakMap<FamilySnapshot, EntrySlots>();
  private generation = 0;
  private readonly workerLabel: string;

  constructor(private readonly deployment: Deployment | 'merged') {
    this.workerLabel = deployment === 'merged' ? '' : workerLabelOf(deployment);
  }

  merge(sources: readonly SnapshotSource[]): MergeResult {
    const generation = ++this.generation;
    const current = new Map<string, FamilyAccumulator>();
    const conflicts: string[] = [];
    for (const source of sources) {
      for (const entry of source.snapshot.families) {
        let acc = current.get(entry.name);
        if (acc === undefined) {
          acc = this.accumulatorFor(entry);
          current.set(entry.name, acc);
        }
        const conflict = conflictOf(acc.definition, entry);
        if (conflict !== undefined) {
          conflicts.push(`${entry.name} ${conflict} (worker ${source.snapshot.worker} left out)`);
          continue;
        }
        const { mode } = acc.definition;
        if (mode.reduction === 'omit' || (mode.live && !source.live)) continue;
        try {
          this.absorbEntry(acc, entry, source.snapshot, generation);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          conflicts.push(`${entry.name}: ${reason} (worker ${source.snapshot.worker} left out)`);
        }
      }
    }
    for (const name of this.families.keys()) if (!current.has(name)) this.families.delete(name);
    const out: MetricFamily[] = [];
    for (const acc of current.values()) {
      const live = (slot: SeriesSlot) => slot.generation === generation;
      acc.slots.prune(live);
      if (acc.definition.mode.reduction !== 'omit') out.push(toFamily(acc.definition, acc.slots.slots));
    }
    return { families: out, conflicts };
  }

  /** The family's accumulator for this scrape: kept from the last one unless its definition changed. */
  private accumulatorFor(entry: FamilySnapshot): FamilyAccumulator {
    const definition = definitionOf(entry, this.deployment);
    const kept = this.families.get(entry.name);
    if (kept !== undefined && sameDefinition(kept.definition, definition)) return kept;
    const created = { definition, width: widthOf(definition), slots: new SlotTrie() };
    this.families.set(entry.name, created);
    return created;
  }

  private absorbEntry(
    acc: FamilyAccumulator,
    entry: FamilySnapshot,
    snapshot: ProcessSnapshot,
    generation: number,
  ): void {
    const { reduction } = acc.definition.mode;
    const merging = MERGING.has(reduction);
    const names = entry.labelNames;
    const width = names.length;
    const order = canonicalOrder(names);
    const perWorker = reduction === 'all';
    const workerLabel = this.workerLabel;
    const outNames = perWorker
      ? [...names, names.includes(workerLabel) ? `promkit_${workerLabel}` : workerLabel]
      : names;
    const worker = workerLabel === 'pid' ? String(snapshot.pid) : snapshot.worker;
    // The path: the label names, then the values in name order, then the worker.
    const path = new Array<string>(width + 2);
    path[0] = (order ? order.map((i) => names[i]) : names).join(',');
    const length = width + (perWorker ? 2 : 1);
    if (perWorker) path[width + 1] = worker;
    const values = entry.labelValues;
    const read = vectorReader(entry, acc.width);
    const exemplars = histogramExemplarsBySeries(entry);
    const gauge = entry.type === 'gauge' || entry.type === 'unknown';
    let known = this.slotsByEntry.get(entry);
    if (known === undefined || known.acc !== acc || known.epoch !== acc.slots.epoch) {
      known = { acc, epoch: acc.slots.epoch, slots: [] };
      this.slotsByEntry.set(entry, known);
    }
    const cached = known.slots;
    for (let s = 0; s < entry.series; s++) {
      let slot = cached[s];
      if (slot === undefined) {
        const from = s * width;
        for (let i = 0; i < width; i++) path[i + 1] = values[from + (order ? order[i] : i)];
        const found = acc.slots.find(path, length);
        if (found !== undefined) {
          slot = found;
        } else {
          const labelValues = values.slice(from, from + width);
          if (perWorker) labelValues.push(worker);
          slot = new SeriesSlot(outNames, labelValues, acc.width);
          acc.slots.insert(path, length, slot);
        }
        cached[s] = slot;
      }
      slot.begin(generation);
      const changedAt = gauge ? (entry as GaugeSnapshot).changedAt[s] : snapshot.takenAt;
      const taken = slot.absorb(reduction, read, s, changedAt);
      if (!taken && !merging) continue;
      if (entry.created !== undefined) slot.noteCreated(entry.created[s]);
      if (entry.type !== 'gauge' && entry.type !== 'unknown' && entry.type !== 'info') {
        absorbExtras(slot, entry, s, taken, snapshot.takenAt, exemplars);
      }
    }
  }
}

export function mergeSnapshots(sources: readonly SnapshotSource[], deployment: Deployment): MergeResult {
  return new SnapshotMerger(deployment).merge(sources);
}

/** The families of a snapshot that holds an already merged view (see `encodeFamilies`). */
export function familiesOfMergedView(snapshot: ProcessSnapshot): MetricFamily[] {
  return new SnapshotMerger('merged').merge([{ snapshot, live: true }]).families;
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
