import type { SnapshotSource } from '../merge/merge-snapshots';
import { type Deployment, defaultMode, parseMode } from '../modes';
import type { ProcessSnapshot } from '../snapshot';

/**
 * The last snapshot of every process that has exited, so counters,
 * histograms and summaries keep its totals and a restart never makes them go
 * down. Families that only count running processes (`live` modes, which is
 * most gauges) are dropped on the way in: they would never be shown again.
 */
export class ExitedArchive {
  private readonly byProcess = new Map<string, ProcessSnapshot>();

  constructor(private readonly deployment: Deployment) {}

  get size(): number {
    return this.byProcess.size;
  }

  /** Keeps the snapshot, or the newer one if this process's snapshot is already kept. */
  keep(snapshot: ProcessSnapshot): void {
    const key = `${snapshot.worker}\u0000${snapshot.pid}\u0000${snapshot.startedAt}`;
    const kept = this.byProcess.get(key);
    if (kept !== undefined && kept.takenAt > snapshot.takenAt) return;
    const families = snapshot.families.filter(
      (f) => !parseMode(f.mode ?? defaultMode(f.name, f.type, this.deployment)).live,
    );
    this.byProcess.set(key, { ...snapshot, families });
  }

  sources(): SnapshotSource[] {
    return [...this.byProcess.values()].map((snapshot) => ({ snapshot, live: false }));
  }
}
