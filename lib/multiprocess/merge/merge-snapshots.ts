import type { MetricFamily, MetricType } from '../../model';
import {
  type Deployment,
  defaultMode,
  parseMode,
  type Reduction,
  type ResolvedMode,
  workerLabelOf,
} from '../modes';
import { valuesKey } from '../series-key';
import {
  type FamilySnapshot,
  fromWire,
  type ProcessSnapshot,
  type WireExemplar,
  type WireNumber,
} from '../snapshot';
import { SeriesSlot } from './series-slot';
import { toFamily } from './to-family';

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

/** What the first entry of a family fixed, which later entries must match. */
export interface FamilyDefinition {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly unit?: string;
  readonly mode: ResolvedMode;
  readonly upperBounds?: readonly number[];
  readonly quantiles?: readonly number[];
  /** Of the first summary sketch: sketches merge only with equal accuracy. */
  readonly relativeAccuracy?: number;
  readonly states?: readonly string[];
}

interface FamilyAccumulator {
  readonly definition: FamilyDefinition;
  readonly width: number;
  readonly slots: Map<string, SeriesSlot>;
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
    default:
      return base;
  }
}

function sameNumbers(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}

/** Why an entry cannot join a family, or undefined when it can. */
function conflictOf(def: FamilyDefinition, entry: FamilySnapshot): string | undefined {
  if (entry.type !== def.type) return `is a ${entry.type} in one process and a ${def.type} in another`;
  if (entry.type === 'histogram' && !sameNumbers(entry.upperBounds, def.upperBounds))
    return 'has different buckets';
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

/**
 * Merges the snapshots of several processes into one view. Sources come in
 * priority order (the serving process first): a family's first definition
 * wins, and `first` means the first source that has the series. Counters,
 * histograms and summary counts add up exactly; summary quantiles come from
 * the merged sketches; gauges follow their mode.
 */
export function mergeSnapshots(sources: readonly SnapshotSource[], deployment: Deployment): MergeResult {
  return merge(sources, deployment);
}

/** The families of a snapshot that holds an already merged view (see `encodeFamilies`). */
export function familiesOfMergedView(snapshot: ProcessSnapshot): MetricFamily[] {
  return merge([{ snapshot, live: true }], 'merged').families;
}

function merge(sources: readonly SnapshotSource[], deployment: Deployment | 'merged'): MergeResult {
  const families = new Map<string, FamilyAccumulator>();
  const conflicts: string[] = [];
  const workerLabel = deployment === 'merged' ? '' : workerLabelOf(deployment);
  for (const source of sources) {
    for (const entry of source.snapshot.families) {
      let acc = families.get(entry.name);
      if (acc === undefined) {
        const definition = definitionOf(entry, deployment);
        acc = { definition, width: widthOf(definition), slots: new Map() };
        families.set(entry.name, acc);
      }
      const conflict = conflictOf(acc.definition, entry);
      if (conflict !== undefined) {
        conflicts.push(`${entry.name} ${conflict} (worker ${source.snapshot.worker} left out)`);
        continue;
      }
      const { mode } = acc.definition;
      if (mode.reduction === 'omit' || (mode.live && !source.live)) continue;
      try {
        absorbEntry(acc, entry, source.snapshot, workerLabel);
      } catch (error) {
        conflicts.push(
          `${entry.name}: ${error instanceof Error ? error.message : String(error)} (worker ${source.snapshot.worker} left out)`,
        );
      }
    }
  }
  const out: MetricFamily[] = [];
  for (const acc of families.values()) {
    if (acc.definition.mode.reduction === 'omit') continue;
    out.push(toFamily(acc.definition, acc.slots.values()));
  }
  return { families: out, conflicts };
}

function absorbEntry(
  acc: FamilyAccumulator,
  entry: FamilySnapshot,
  snapshot: ProcessSnapshot,
  workerLabel: string,
): void {
  const { reduction } = acc.definition.mode;
  const names = entry.labelNames;
  const width = names.length;
  const order = canonicalOrder(names);
  const signature = `${(order ? order.map((i) => names[i]) : names).join(',')}\u0001`;
  const perWorker = reduction === 'all';
  const outNames = perWorker
    ? [...names, names.includes(workerLabel) ? `promkit_${workerLabel}` : workerLabel]
    : names;
  const worker = workerLabel === 'pid' ? String(snapshot.pid) : snapshot.worker;
  const workerSuffix = perWorker ? `\u0002${worker}` : '';
  const values = entry.labelValues;
  const vectorOf = vectorReader(entry, acc.width);
  const canonical = order ? new Array<string>(width) : undefined;
  const exemplars = histogramExemplarsBySeries(entry);
  for (let s = 0; s < entry.series; s++) {
    const from = s * width;
    let key: string;
    if (canonical && order) {
      for (let i = 0; i < width; i++) canonical[i] = values[from + order[i]];
      key = signature + valuesKey(canonical) + workerSuffix;
    } else {
      key = signature + valuesKey(values, from, from + width) + workerSuffix;
    }
    let slot = acc.slots.get(key);
    if (slot === undefined) {
      const labelValues = values.slice(from, from + width);
      if (perWorker) labelValues.push(worker);
      slot = new SeriesSlot(outNames, labelValues, acc.width);
      acc.slots.set(key, slot);
    }
    const changedAt =
      entry.type === 'gauge' || entry.type === 'unknown' ? entry.changedAt[s] : snapshot.takenAt;
    const taken = slot.absorb(reduction, vectorOf(s), changedAt);
    const merging =
      reduction === 'sum' || reduction === 'average' || reduction === 'min' || reduction === 'max';
    if (!taken && !merging) continue;
    slot.noteCreated(entry.created?.[s]);
    absorbExtras(slot, entry, s, taken, snapshot.takenAt, exemplars);
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

/** Reads series `s`'s vector straight from the entry's columns, without copying. */
function vectorReader(entry: FamilySnapshot, width: number): (s: number) => (j: number) => number {
  switch (entry.type) {
    case 'counter':
    case 'gauge':
    case 'unknown':
      return (s) => () => fromWire(entry.values[s]);
    case 'info':
      return () => () => 1;
    case 'stateset':
      return (s) => (j) => entry.enabled[s * width + j];
    case 'histogram': {
      const buckets = width - 2;
      return (s) => (j) =>
        j < buckets
          ? entry.buckets[s * buckets + j]
          : j === buckets
            ? entry.counts[s]
            : fromWire(entry.sums[s]);
    }
    case 'summary':
      return (s) => (j) => (j === 0 ? entry.counts[s] : fromWire(entry.sums[s]));
  }
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
