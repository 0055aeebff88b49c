import type { SeriesSlot } from './series-slot';

type Node = Map<string, Node | SeriesSlot>;

/**
 * The slots of one family, found by a path of strings (label names, then
 * label values, then the worker in `all` modes) through nested maps: a lookup
 * builds no key string, so a scrape of many series allocates little, and no
 * choice of characters inside values can make two paths meet. Slots live
 * from scrape to scrape; `slots` lists them in the order they first appeared.
 */
export class SlotTrie {
  private root: Node = new Map();
  private paths = new Map<SeriesSlot, string[]>();
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

  /** Forgets slots that `keep` rejects (series no process reports any more). */
  prune(keep: (slot: SeriesSlot) => boolean): void {
    if (this.slots.every(keep)) return;
    const kept = this.slots.filter(keep);
    const paths = this.paths;
    this.epoch++;
    this.root = new Map();
    this.paths = new Map();
    this.slots = [];
    for (const slot of kept) {
      const path = paths.get(slot) as string[];
      this.insert(path, path.length, slot);
    }
  }
}
