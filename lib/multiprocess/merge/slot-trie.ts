import type { SeriesSlot } from './series-slot';

type Node = Map<string, Node | SeriesSlot>;

/** Slots looked at between two steps of `prune`. */
const STEP_MASK = 1023;

/**
 * The slots of one family, found by a path of strings (label names, then
 * label values, then the worker in `all` modes) through nested maps: a lookup
 * builds no key string, so a scrape of many series allocates little, and no
 * choice of characters inside values can make two paths meet. Slots live
 * from scrape to scrape; `slots` lists them in the order they first appeared.
 */
export class SlotTrie {
  private readonly root: Node = new Map();
  private readonly paths = new Map<SeriesSlot, string[]>();
  slots: SeriesSlot[] = [];
  /** Changes when slots are forgotten, so slots remembered elsewhere are known to be stale. */
  epoch = 0;

  find(path: readonly string[], length: number): SeriesSlot | undefined {
    let node: Node | SeriesSlot | undefined = this.root;
    for (let i = 0; i < length; i++) {
      node = (node as Node).get(path[i]);
      if (node === undefined) return undefined;
    }
    return node as SeriesSlot;
  }

  insert(path: readonly string[], length: number, slot: SeriesSlot): void {
    let node = this.root;
    for (let i = 0; i < length - 1; i++) {
      let next = node.get(path[i]) as Node | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(path[i], next);
      }
      node = next;
    }
    node.set(path[length - 1], slot);
    this.paths.set(slot, path.slice(0, length));
    this.slots.push(slot);
  }

  /**
   * Forgets slots that `keep` rejects (series no process reports any more),
   * one path at a time: a step between every few hundred slots lets a caller
   * pace the work (see `SnapshotMerger.mergeInSlices`).
   */
  *prune(keep: (slot: SeriesSlot) => boolean): Generator<void> {
    let kept: SeriesSlot[] | undefined;
    const slots = this.slots;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      if (keep(slot)) {
        kept?.push(slot);
      } else {
        kept ??= slots.slice(0, i);
        this.remove(slot);
      }
      if ((i & STEP_MASK) === STEP_MASK) yield;
    }
    if (kept === undefined) return;
    this.slots = kept;
    this.epoch++;
  }

  private remove(slot: SeriesSlot): void {
    const path = this.paths.get(slot) as string[];
    this.paths.delete(slot);
    const nodes: Node[] = [this.root];
    for (let i = 0; i < path.length - 1; i++) nodes.push(nodes[i].get(path[i]) as Node);
    // Delete the leaf, then every map it leaves empty.
    for (let i = path.length - 1; i >= 0; i--) {
      nodes[i].delete(path[i]);
      if (nodes[i].size > 0 || i === 0) break;
    }
  }
}
