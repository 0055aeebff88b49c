import type { GaugeClock } from '../encode-family';
import type { RegistryFamilies } from '../registry-families';
import type { ProcessSnapshot } from '../snapshot';
import type { MergeEntry } from './merge-entry';
import { familyEntries } from './points-entry';
import { wireEntry } from './wire-entry';

/** One process's snapshot and whether the process is still running. */
export interface SnapshotSource {
  readonly snapshot: ProcessSnapshot;
  readonly live: boolean;
}

/**
 * The merging process's own families, as collected from its registries
 * (`SnapshotTaker.families()`), with what a snapshot of them would add: the
 * modes declared, the default labels, when each gauge value last changed,
 * and the process's name.
 */
export interface OwnFamilies {
  readonly worker: string;
  readonly pid: number;
  readonly registries: readonly RegistryFamilies[];
  /** When they were collected, and the gauge values seen at the collections before. */
  readonly clock: GaugeClock;
}

/** The merging process's own families, merged as they are: nothing encoded, nothing decoded. */
export interface FamiliesSource {
  readonly families: OwnFamilies;
  readonly live: boolean;
}

/** What the merge reads: another process's snapshot, or the merging process's own families. */
export type MergeSource = SnapshotSource | FamiliesSource;

/** Who a source is from: the worker id and the process id. */
export function originOf(source: MergeSource): { readonly worker: string; readonly pid: number } {
  return 'snapshot' in source ? source.snapshot : source.families;
}

/** A source's entries, in order, as the merge reads them. */
export function* entriesOf(source: MergeSource): Generator<MergeEntry> {
  if ('snapshot' in source) {
    const { families, takenAt } = source.snapshot;
    for (const entry of families) yield wireEntry(entry, takenAt);
    return;
  }
  const { registries, clock } = source.families;
  for (const { families, modes, defaults } of registries) {
    for (const family of families) yield* familyEntries(family, modes.get(family.name), defaults, clock);
  }
}
