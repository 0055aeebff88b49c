import { Registry } from 'promkit';
import {
  AggregatedCollector,
  type Deployment,
  type ProcessSnapshot,
  SnapshotTaker,
  validateSnapshot,
} from 'promkit/multiprocess';

/**
 * Several "processes" in one: each has its own registry and metrics, and its
 * snapshots go through JSON and validation as they would over IPC or a file.
 */
export class Processes<M> {
  readonly registries: Registry[];
  readonly metrics: M[];
  private readonly takers: SnapshotTaker[];

  constructor(count: number, define: (registry: Registry, index: number) => M) {
    this.registries = Array.from({ length: count }, () => new Registry());
    this.metrics = this.registries.map((registry, i) => define(registry, i));
    this.takers = this.registries.map(
      (registry, i) =>
        new SnapshotTaker({ worker: String(i + 1), pid: 1000 + i, startedAt: Date.now() }, () => [registry]),
    );
  }

  /** Process `i`'s snapshot as another process would receive it. */
  async snapshot(i: number): Promise<ProcessSnapshot> {
    return validateSnapshot(JSON.parse(JSON.stringify(await this.takers[i].take())));
  }

  /**
   * The merged view, as a registry. `exited` lists processes that are gone:
   * their last snapshot still counts where the metric's mode says so.
   */
  async view(deployment: Deployment, exited: number[] = []): Promise<Registry> {
    const snapshots = await Promise.all(this.takers.map((_, i) => this.snapshot(i)));
    const registry = new Registry();
    registry.registerCollector(
      new AggregatedCollector(deployment, async () => ({
        sources: snapshots.map((snapshot, i) => ({ snapshot, live: !exited.includes(i) })),
        workers: { answered: snapshots.length - exited.length, late: 0, silent: 0, exited: exited.length },
        rejected: [],
      })),
    );
    return registry;
  }
}
