import type { Collector } from '../../core';
import { TimeSlice } from '../../core';
import type { MetricFamily } from '../../model';
import { familiesOfMergedView } from '../merge/merge-snapshots';
import { processIdentity } from '../process-start';
import { type FamilySnapshot, type ProcessSnapshot, SNAPSHOT_FORMAT } from '../snapshot';
import { encodeFamilies } from '../take-snapshot';

/** Series encoded between two looks at the clock; a family is as many entries of at most this many. */
const SERIES_PER_ENTRY = 2048;

/**
 * The merged view as one snapshot, to hand it to a member that serves it.
 * A large family is encoded a part at a time, as entries of the same family,
 * yielding whenever a slice of time has been spent: the view of a hundred
 * thousand series does not stall the process that serves it.
 */
export async function viewSnapshot(collector: Collector): Promise<ProcessSnapshot> {
  const families = (await collector.collect()) as MetricFamily[];
  const slice = new TimeSlice();
  const entries: FamilySnapshot[] = [];
  for (const family of families) {
    const n = family.points.length;
    for (let from = 0; from < n || from === 0; from += SERIES_PER_ENTRY) {
      const part =
        n <= SERIES_PER_ENTRY
          ? family
          : ({ ...family, points: family.points.slice(from, from + SERIES_PER_ENTRY) } as MetricFamily);
      for (const entry of encodeFamilies([part])) entries.push(entry);
      if (slice.spent()) await slice.next();
    }
  }
  return {
    format: SNAPSHOT_FORMAT,
    ...processIdentity('view'),
    takenAt: Date.now(),
    families: entries,
  };
}

/** A member's view of the whole: asks the hub for the merged view at each scrape. */
export class RemoteViewCollector implements Collector {
  /** Read back from a validated snapshot of the merged view. */
  readonly validByConstruction = true;

  constructor(private readonly request: () => Promise<ProcessSnapshot>) {}

  async collect(): Promise<MetricFamily[]> {
    return familiesOfMergedView(await this.request());
  }

  describe(): readonly string[] {
    return [];
  }
}
