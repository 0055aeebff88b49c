import { valuesFromObject, valuesFromPositional } from './labels';
import type { Series } from './series';

/**
 * A trie level: label value -> next level. At the last-but-one level an entry
 * may hold a series directly while it is the only one below that value; most
 * prefixes have a single series, and a Map per series would triple its memory.
 */
type Node<C> = Map<string, Node<C> | C>;

function key(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/**
 * Holds the series (children) of one metric. Lookups walk a trie keyed by each
 * label value in declaration order: no key string is built, so a hit allocates
 * nothing, and values containing any character cannot collide.
 */
export class SeriesStore<C extends Series> {
  private root: Node<C> = new Map();
  private list: C[] = [];
  private readonly depth: number;
  /** Label values of the call being resolved, in declaration order; reused to avoid allocation. */
  private readonly scratch: unknown[];

  constructor(
    private readonly metric: string,
    private readonly labelNames: readonly string[],
    private readonly create: (labelValues: string[]) => C,
  ) {
    this.depth = labelNames.length;
    this.scratch = new Array(labelNames.length);
  }

  /** Series in creation order, for exposition. */
  get children(): readonly C[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  fromObject(labels: Record<string, unknown>): C {
    const names = this.labelNames;
    const depth = this.depth;
    const values = this.scratch;
    let count = 0;
    // for-in reads through V8's enum cache, much faster than a keyed load per declared name.
    for (const name in labels) {
      const index = count < depth && names[count] === name ? count : names.indexOf(name);
      if (index < 0) return this.resolveObject(labels);
      const value = labels[name];
      if (value === undefined) return this.resolveObject(labels);
      values[index] = value;
      count++;
    }
    if (count !== depth) return this.resolveObject(labels);
    return this.lookup(values) ?? this.resolveObject(labels);
  }

  fromPositional(values: readonly unknown[]): C {
    if (values.length === this.depth) {
      for (let i = 0; i < values.length; i++)
        if (values[i] === undefined) return this.resolvePositional(values);
      const child = this.lookup(values);
      if (child !== undefined) return child;
    }
    return this.resolvePositional(values);
  }

  private lookup(values: readonly unknown[]): C | undefined {
    const last = this.depth - 1;
    if (last < 0) return this.root.get('') as C | undefined;
    let node: Node<C> = this.root;
    for (let i = 0; i < last; i++) {
      const next = node.get(key(values[i]));
      if (next === undefined) return undefined;
      if (!(next instanceof Map)) {
        // A lone series stored in place of a one-entry map.
        return i === last - 1 && next.labelValues[last] === key(values[last]) ? next : undefined;
      }
      node = next;
    }
    return node.get(key(values[last])) as C | undefined;
  }

  /** The child for already validated string values, created on first use. */
  resolve(values: string[]): C {
    const found = this.lookup(values);
    if (found !== undefined) return found;
    const child = this.create(values);
    this.insert(values, child);
    this.list.push(child);
    return child;
  }

  private insert(values: readonly string[], child: C): void {
    const last = this.depth - 1;
    if (last < 0) {
      this.root.set('', child);
      return;
    }
    let node: Node<C> = this.root;
    for (let i = 0; i < last; i++) {
      const next: Node<C> | C | undefined = node.get(values[i]);
      if (next === undefined) {
        if (i === last - 1) {
          node.set(values[i], child);
          return;
        }
        const created: Node<C> = new Map();
        node.set(values[i], created);
        node = created;
      } else if (next instanceof Map) {
        node = next;
      } else {
        // Second series under this prefix: promote the lone series to a map.
        const promoted: Node<C> = new Map([[next.labelValues[last], next]]);
        node.set(values[i], promoted);
        node = promoted;
      }
    }
    node.set(values[last], child);
  }

  private resolveObject(labels: Record<string, unknown>): C {
    return this.resolve(valuesFromObject(this.metric, this.labelNames, labels));
  }

  private resolvePositional(values: readonly unknown[]): C {
    return this.resolve(valuesFromPositional(this.metric, this.labelNames, values));
  }

  find(values: readonly string[]): C | undefined {
    return this.lookup(values);
  }

  remove(values: readonly string[]): boolean {
    const child = this.find(values);
    if (child === undefined) return false;
    this.removeFromTrie(this.root, values, 0);
    this.list.splice(this.list.indexOf(child), 1);
    return true;
  }

  /** Deletes the path to a series, pruning maps it leaves empty so removed series free their memory. */
  private removeFromTrie(node: Node<C>, values: readonly string[], level: number): void {
    const last = this.depth - 1;
    if (level >= last) {
      node.delete(last < 0 ? '' : values[last]);
      return;
    }
    const next = node.get(values[level]);
    if (next instanceof Map) {
      this.removeFromTrie(next, values, level + 1);
      if (next.size === 0) node.delete(values[level]);
    } else {
      node.delete(values[level]);
    }
  }

  clear(): void {
    this.root = new Map();
    this.list = [];
  }

  labelValuesOf(labels: unknown): string[] {
    return Array.isArray(labels)
      ? valuesFromPositional(this.metric, this.labelNames, labels)
      : valuesFromObject(this.metric, this.labelNames, labels as Record<string, unknown>);
  }
}
