import { TimeSlice } from '../../core';
import type { MetricFamily, MetricType } from '../../model';
import {
  type Deployment,
  defaultMode,
  parseMode,
  type Reduction,
  type ResolvedMode,
  workerLabelOf,
} from '../modes';
import { otlpNamesOf } from '../otlp-names';
import type { ProcessSnapshot } from '../snapshot';
import { EntryMerge } from './entry-merge';
import type { FamilyDefinition } from './family-definition';
import type { MergeEntry } from './merge-entry';
import { entriesOf, type MergeSource, originOf } from './merge-source';
import type { MergedPoint } from './merged-point';
import { SampleNameClaims } from './sample-name-claims';
import type { SeriesSlot } from './series-slot';
import { SlotTrie } from './slot-trie';
import { familyOf, pointMaker } from './to-family';

export type { FamiliesSource, MergeSource, OwnFamilies, SnapshotSource } from './merge-source';

/** Series of one process's entry refused for values their type cannot have (see `seriesValueCheck`). */
export interface RefusedSeries {
  readonly series: number;
  /** Names the metric, the process, the first refused series' labels and what was wrong. */
  readonly reason: string;
}

/** The merged families of several snapshots, and the entries and series left out. */
export interface MergeResult {
  readonly families: MetricFamily[];
  /**
   * Entries left out because they disagree with the family's first definition
   * (type, buckets, states) or would expose a sample name another family
   * exposes; each names both processes.
   */
  readonly conflicts: string[];
  readonly refused: RefusedSeries[];
}

/** Series merged, or slots turned into points, between two looks at the clock. */
const SERIES_PER_STEP = 256;
const STEP_MASK = SERIES_PER_STEP - 1;

interface EntrySlots {
  readonly acc: FamilyAccumulator;
  readonly epoch: number;
  readonly slots: SeriesSlot[];
  /** What each position stood for when its slot was found, for entries whose positions can move. */
  readonly objects: object[];
}

interface FamilyAccumulator {
  readonly definition: FamilyDefinition;
  readonly width: number;
  readonly slots: SlotTrie;
  /** The process whose entry defined the family in this scrape, for messages. */
  definedBy: string;
}

/** Infos and statesets are 0/1 flags: adding or averaging them would break that. */
function reductionFor(type: MetricType, reduction: Reduction): Reduction {
  if ((type === 'info' || type === 'stateset') && (reduction === 'sum' || reduction === 'average'))
    return 'max';
  return reduction;
}

/** Reads an already merged view back: one source, every series as it is. */
const PASS_THROUGH: ResolvedMode = { reduction: 'first', live: false };

function definitionOf(entry: MergeEntry, deployment: Deployment | 'merged'): FamilyDefinition {
  const declared =
    deployment === 'merged'
      ? PASS_THROUGH
      : parseMode(entry.mode ?? defaultMode(entry.name, entry.type, deployment));
  const mode = { live: declared.live, reduction: reductionFor(entry.type, declared.reduction) };
  const base = {
    name: entry.name,
    help: entry.help,
    type: entry.type,
    unit: entry.unit,
    mode,
    ...otlpNamesOf(entry),
  };
  // Each shape field is set on entries of the one type that has it.
  return {
    ...base,
    ...(entry.upperBounds === undefined ? {} : { upperBounds: entry.upperBounds }),
    ...(entry.quantiles === undefined ? {} : { quantiles: entry.quantiles }),
    ...(entry.sketches === undefined ? {} : { relativeAccuracy: entry.sketches.accuracy }),
    ...(entry.states === undefined ? {} : { states: entry.states }),
    ...(entry.textName === undefined ? {} : { textName: entry.textName }),
  };
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

/** Why an entry of the family's type cannot join it, or undefined when it can. */
function conflictOf(def: FamilyDefinition, entry: MergeEntry): string | undefined {
  if (entry.upperBounds !== undefined && !sameNumbers(entry.upperBounds, def.upperBounds)) {
    return 'has different buckets';
  }
  if (entry.states !== undefined && !sameNumbers(entry.states, def.states)) return 'has different states';
  const sketches = entry.sketches;
  if (sketches !== undefined) {
    if (!sameNumbers(entry.quantiles, def.quantiles) && sketches.missing) {
      return 'reports different quantiles without a sketch to compute them from';
    }
    const accuracy = def.relativeAccuracy;
    if (accuracy !== undefined && sketches.differsFrom(accuracy)) {
      return 'has sketches of a different relative accuracy';
    }
  }
  return undefined;
}

function clashMessage(entry: MergeEntry, by: string, owner: FamilyAccumulator, sample: string): string {
  const { name, type } = owner.definition;
  return (
    `${entry.name} (a ${entry.type} in ${by}) clashes with ${name} (a ${type} in ${owner.definedBy}): ` +
    `both would expose "${sample}"; ${by}'s is left out`
  );
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
  private readonly slotsByEntry = new WeakMap<object, EntrySlots>();
  private generation = 0;
  private readonly workerLabel: string;
  /** The merge in slices under way, if any: merges share this merger's slots, so they run one at a time. */
  private inSlices: Promise<unknown> | undefined = undefined;

  constructor(private readonly deployment: Deployment | 'merged') {
    this.workerLabel = deployment === 'merged' ? '' : workerLabelOf(deployment);
  }

  /** Merges in one synchronous stretch; see `mergeInSlices` for large views. */
  merge(sources: readonly MergeSource[]): MergeResult {
    if (this.inSlices !== undefined) throw new Error('SnapshotMerger: a merge in slices is under way');
    const steps = this.steps(sources);
    let step = steps.next();
    while (!step.done) step = steps.next();
    return step.value;
  }

  /**
   * The same merge in steps of a few hundred series, letting the event loop
   * run whenever a slice of time has been spent (as a scrape's rendering
   * does): the first scrape of many new series, or of many processes, does
   * not stall the app. Merges asked for meanwhile run after it, in order.
   */
  mergeInSlices(sources: readonly MergeSource[]): Promise<MergeResult> {
    const before = this.inSlices ?? Promise.resolve();
    const next = () => this.runInSlices(sources);
    const run = before.then(next, next);
    this.inSlices = run;
    const settled = () => {
      if (this.inSlices === run) this.inSlices = undefined;
    };
    run.then(settled, settled);
    return run;
  }

  private async runInSlices(sources: readonly MergeSource[]): Promise<MergeResult> {
    const slice = new TimeSlice();
    const steps = this.steps(sources);
    let step = steps.next();
    while (!step.done) {
      if (slice.spent()) await slice.next();
      step = steps.next();
    }
    return step.value;
  }

  /** The merge, pausing (a `yield`) between every few hundred series. */
  private *steps(sources: readonly MergeSource[]): Generator<void, MergeResult> {
    const generation = ++this.generation;
    const current = new Map<string, FamilyAccumulator>();
    const claims = new SampleNameClaims<FamilyAccumulator>();
    const conflicts: string[] = [];
    const refused: RefusedSeries[] = [];
    const define = (source: MergeSource, entry: MergeEntry, by: string): FamilyAccumulator | undefined => {
      const definition = definitionOf(entry, this.deployment);
      // An entry this source shows nothing of (a live mode, the process gone) defines nothing.
      if (definition.mode.live && !source.live) return undefined;
      const clash = claims.clash(entry.type, entry.name);
      if (clash !== undefined) {
        conflicts.push(clashMessage(entry, by, clash.owner, clash.sample));
        return undefined;
      }
      const acc = this.accumulatorFor(entry.name, definition);
      acc.definedBy = by;
      current.set(entry.name, acc);
      claims.claim(entry.type, entry.name, acc);
      return acc;
    };
    /**
     * Families a process holds without series: their buckets, states and
     * quantiles come from series, so such an entry has none, and defining the
     * family would shut out every process that has series of it.
     */
    const withoutSeries: { source: MergeSource; entry: MergeEntry; by: string }[] = [];
    for (const source of sources) {
      const origin = originOf(source);
      const by = this.processName(origin);
      const worker = this.workerLabel === 'pid' ? String(origin.pid) : origin.worker;
      for (const entry of entriesOf(source)) {
        let acc = current.get(entry.name);
        if (acc === undefined) {
          if (entry.series === 0) {
            withoutSeries.push({ source, entry, by });
            continue;
          }
          acc = define(source, entry, by);
          if (acc === undefined) continue;
        }
        if (entry.type !== acc.definition.type) {
          conflicts.push(clashMessage(entry, by, acc, entry.name));
          continue;
        }
        if (entry.series === 0) continue;
        const conflict = conflictOf(acc.definition, entry);
        if (conflict !== undefined) {
          conflicts.push(`${entry.name} ${conflict} in ${by} than in ${acc.definedBy}; ${by}'s is left out`);
          continue;
        }
        const { mode } = acc.definition;
        if (mode.reduction === 'omit' || (mode.live && !source.live)) continue;
        try {
          const merge = new EntryMerge(
            acc,
            entry,
            worker,
            generation,
            this.workerLabel,
            this.cachedSlots(acc, entry),
          );
          for (let from = 0; from < entry.series; from += SERIES_PER_STEP) {
            merge.absorb(from, Math.min(entry.series, from + SERIES_PER_STEP));
            yield;
          }
          const bad = merge.refused;
          if (bad !== undefined) {
            const reason = `${entry.name}: ${bad.series} series of ${by} left out, first ${bad.first}`;
            refused.push({ series: bad.series, reason });
          }
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          conflicts.push(`${entry.name}: ${reason} (${by} left out)`);
        }
      }
    }
    // Declared everywhere and observed nowhere yet: shown with no series, as a single process shows it.
    for (const { source, entry, by } of withoutSeries)
      if (!current.has(entry.name)) define(source, entry, by);
    for (const name of this.families.keys()) if (!current.has(name)) this.families.delete(name);
    const out: MetricFamily[] = [];
    const live = (slot: SeriesSlot) => slot.generation === generation;
    for (const acc of current.values()) {
      yield* acc.slots.prune(live);
      if (acc.definition.mode.reduction === 'omit') continue;
      const make = pointMaker(acc.definition);
      const slots = acc.slots.slots;
      const points = new Array<MergedPoint>(slots.length);
      for (let i = 0; i < slots.length; i++) {
        points[i] = make(slots[i]);
        if ((i & STEP_MASK) === STEP_MASK) yield;
      }
      out.push(familyOf(acc.definition, points));
    }
    return { families: out, conflicts, refused };
  }

  /** A process as messages name it: by worker id, or by pid in the shared directory. */
  private processName(origin: { readonly worker: string; readonly pid: number }): string {
    return this.workerLabel === 'pid' ? `pid ${origin.pid}` : `worker ${origin.worker}`;
  }

  /** The entry's slots by series position, as the scrapes before found them (stale ones are dropped). */
  private cachedSlots(acc: FamilyAccumulator, entry: MergeEntry): EntrySlots {
    const key = entry.cacheKey;
    if (key === undefined) return { acc, epoch: acc.slots.epoch, slots: [], objects: [] };
    let known = this.slotsByEntry.get(key);
    if (known === undefined || known.acc !== acc || known.epoch !== acc.slots.epoch) {
      known = { acc, epoch: acc.slots.epoch, slots: [], objects: [] };
      this.slotsByEntry.set(key, known);
    }
    return known;
  }

  /** The family's accumulator for this scrape: kept from the last one unless its definition changed. */
  private accumulatorFor(name: string, definition: FamilyDefinition): FamilyAccumulator {
    const kept = this.families.get(name);
    if (kept !== undefined && sameDefinition(kept.definition, definition)) return kept;
    const created = { definition, width: widthOf(definition), slots: new SlotTrie(), definedBy: '' };
    this.families.set(name, created);
    return created;
  }
}

/** Merges the snapshots of several processes into one view, each family by its multi-process mode. */
export function mergeSnapshots(sources: readonly MergeSource[], deployment: Deployment): MergeResult {
  return new SnapshotMerger(deployment).merge(sources);
}

/** The families of a snapshot that holds an already merged view (see `encodeFamilies`), read in slices. */
export async function familiesOfMergedView(snapshot: ProcessSnapshot): Promise<MetricFamily[]> {
  return (await new SnapshotMerger('merged').mergeInSlices([{ snapshot, live: true }])).families;
}
