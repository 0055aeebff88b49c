import { Metric, type Registry } from '../core';
import type { MetricFamily } from '../model';
import { isAggregated } from './aggregated-marker';
import { DeltaEncoder } from './delta/delta-encoder';
import { encodeFamily, type GaugeClock, type LastValue, NO_LABELS } from './encode-family';
import type { OwnFamilies } from './merge/merge-source';
import { collectRegistries, declaredModes, defaultLabelsOf } from './registry-families';
import { type FamilySnapshot, type ProcessSnapshot, SNAPSHOT_FORMAT } from './snapshot';

/** Who a snapshot is from. */
export interface SnapshotIdentity {
  readonly worker: string;
  readonly pid: number;
  readonly startedAt: number;
}

/**
 * Turns a process's registries into a snapshot. It runs every collector, as a
 * scrape would, and remembers gauge values between snapshots to know when
 * each last changed (what `mostrecent` compares), so the metrics' own hot
 * paths carry no timestamps.
 */
export class SnapshotTaker {
  /** By series object: a gauge's series lives as long as the gauge keeps it. */
  private readonly lastValues = new WeakMap<object, LastValue>();
  private last: ProcessSnapshot | undefined = undefined;
  private readonly changes = new DeltaEncoder();

  constructor(
    readonly identity: SnapshotIdentity,
    private readonly registries: () => readonly Registry<any>[],
  ) {}

  /** Runs every collector of every registry, as a scrape does. */
  async take(final = false): Promise<ProcessSnapshot> {
    this.last = this.finish(this.startClock(), await this.collect(), final);
    return this.last;
  }

  /**
   * For a member's hub: a snapshot that only says what changed since the
   * previous one taken this way (see `DeltaEncoder`). Snapshots taken this
   * way must reach the hub in order; after `resetChanges()` the next is whole.
   */
  async takeChanges(): Promise<ProcessSnapshot> {
    const { seq, base } = this.changes.begin();
    const clock = this.startClock();
    const families = await this.collect(this.changes);
    this.changes.end();
    this.last = { ...this.finish(clock, families, false), seq, ...(base === undefined ? {} : { base }) };
    return this.last;
  }

  resetChanges(): void {
    this.changes.reset();
  }

  /**
   * For the process that merges the view itself: its families as collected,
   * with what a snapshot would add to them, merged without being encoded.
   * Gauges' change times are kept with the ones `take()` keeps.
   */
  async families(): Promise<OwnFamilies> {
    const { worker, pid } = this.identity;
    const takenAt = Date.now();
    const registries = await collectRegistries(this.registries());
    return { worker, pid, registries, clock: { takenAt, lastValues: this.lastValues } };
  }

  private async collect(changes?: DeltaEncoder): Promise<FamilySnapshot[]> {
    const clock = this.startClock();
    const families: FamilySnapshot[] = [];
    for (const { families: collected, modes, defaults } of await collectRegistries(this.registries())) {
      for (const family of collected)
        encodeFamily(family, modes.get(family.name), defaults, clock, families, changes);
    }
    return families;
  }

  /**
   * Without waiting for anything, for a process that is exiting: the metrics'
   * current values, and what other collectors reported at the last `take()`.
   */
  takeSync(final = true): ProcessSnapshot {
    const clock = this.startClock();
    const fresh: FamilySnapshot[] = [];
    for (const registry of this.registries()) {
      const modes = declaredModes(registry);
      const extra = defaultLabelsOf(registry);
      for (const metric of registry.getMetricsAsArray()) {
        // Metrics of other libraries registered here have no synchronous read: their last snapshot stays.
        if (!(metric instanceof Metric)) continue;
        const family = metric.currentFamily();
        if (!isAggregated(family)) encodeFamily(family, modes.get(family.name), extra, clock, fresh);
      }
    }
    const names = new Set(fresh.map((f) => f.name));
    // Other collectors' entries as last taken (whole: only a metric's own series are sent as changes).
    const kept = (this.last?.families ?? []).filter((f) => !names.has(f.name) && f.runs === undefined);
    return this.finish(clock, [...kept, ...fresh], final);
  }

  private startClock(): GaugeClock {
    return { takenAt: Date.now(), lastValues: this.lastValues };
  }

  private finish(clock: GaugeClock, families: FamilySnapshot[], final: boolean): ProcessSnapshot {
    const { worker, pid, startedAt } = this.identity;
    return {
      format: SNAPSHOT_FORMAT,
      worker,
      pid,
      startedAt,
      takenAt: clock.takenAt,
      ...(final ? { final } : {}),
      families,
    };
  }
}

/** Families that are already a merged view, as snapshot entries (read back with `familiesOfMergedView`). */
export function encodeFamilies(families: readonly MetricFamily[]): FamilySnapshot[] {
  const clock: GaugeClock = { takenAt: Date.now(), lastValues: new WeakMap() };
  const out: FamilySnapshot[] = [];
  for (const family of families) encodeFamily(family, undefined, NO_LABELS, clock, out);
  return out;
}
