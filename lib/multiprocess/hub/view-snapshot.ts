import type { Collector } from '../../core';
import type { MetricFamily } from '../../model';
import { familiesOfMergedView } from '../merge/merge-snapshots';
import { processStartedAt } from '../process-start';
import { type ProcessSnapshot, SNAPSHOT_FORMAT } from '../snapshot';
import { encodeFamilies } from '../take-snapshot';

/** The merged view as one snapshot, to hand it to a member that serves it. */
export async function viewSnapshot(collector: Collector): Promise<ProcessSnapshot> {
  const families = await collector.collect();
  return {
    format: SNAPSHOT_FORMAT,
    worker: 'view',
    pid: process.pid,
    startedAt: processStartedAt,
    takenAt: Date.now(),
    families: encodeFamilies(families),
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
