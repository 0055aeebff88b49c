import type { LabelSet } from '../model';
import { valuesFromObject, valuesFromPositional } from './labels';

type Node<C> = Map<string, Node<C> | C>;

/**
 * Holds the series (children) of one metric. Lookups walk a trie of Maps keyed
 * by each label value in declaration order: no key string is built, so nothing
 * is allocated on a hit and values containing any character cannot collide.
 */
export class SeriesStore<C extends { readonly labels: LabelSet }> {
  private root: Node<C> = new Map();
  private list: C[] = [];
  private readonly depth: number;

  constructor(
    private readonly metric: string,
    private readonly labelNames: readonly string[],
    private readonly create: (labels: LabelSet) => C,
  ) {
    this.depth = labelNames.length;
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
    let keys = 0;
    for (const _ in labels) keys++;
    if (keys !== this.depth) return this.resolveObject(labels);
    let node: Node<C> = this.root;
    const last = this.depth - 1;
    for (let i = 0; i < last; i++) {
      const value = labels[names[i]];
      const next = node.get(typeof value === 'string' ? value : String(value)) as Node<C> | undefined;
      if (next === undefined) return this.resolveObject(labels);
      node = next;
    }
    const value = labels[names[last]];
    const child = node.get(typeof value === 'string' ? value : String(value)) as C | undefined;
    return child === undefined ? this.resolveObject(labels) : child;
  }

  fromPositional(values: readonly unknown[]): C {
    if (values.length !== this.depth)
      return this.resolve(valuesFromPositional(this.metric, this.labelNames, values));
    let node: Node<C> = this.root;
    const last = this.depth - 1;
    for (let i = 0; i < last; i++) {
      const value = values[i];
      const next = node.get(typeof value === 'string' ? value : String(value)) as Node<C> | undefined;
      if (next === undefined) return this.resolve(valuesFromPositional(this.metric, this.labelNames, values));
      node = next;
    }
    const value = values[last];
    const child = node.get(typeof value === 'string' ? value : String(value)) as C | undefined;
    return child ?? this.resolve(valuesFromPositional(this.metric, this.labelNames, values));
  }

  /** The child for already validated string values, created on first use. */
  resolve(values: string[]): C {
    let node: Node<C> = this.root;
    const last = this.depth - 1;
    for (let i = 0; i < last; i++) {
      let next = node.get(values[i]) as Node<C> | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(values[i], next);
      }
      node = next;
    }
    let child = node.get(values[last]) as C | undefined;
    if (child === undefined) {
      child = this.create({ names: this.labelNames, values: Object.freeze(values) });
      node.set(values[last], child);
      this.list.push(child);
    }
    return child;
  }

  /** Validates fully (clear errors), then finds or creates. */
  private resolveObject(labels: Record<string, unknown>): C {
    return this.resolve(valuesFromObject(this.metric, this.labelNames, labels));
  }

  find(values: readonly string[]): C | undefined {
    let node: Node<C> | undefined = this.root;
    const last = this.depth - 1;
    for (let i = 0; i < last && node; i++) node = node.get(values[i]) as Node<C> | undefined;
    return node?.get(values[last]) as C | undefined;
  }

  remove(values: readonly string[]): boolean {
    const path: Node<C>[] = [];
    let node: Node<C> | undefined = this.root;
    const last = this.depth - 1;
    for (let i = 0; i < last && node; i++) {
      path.push(node);
      node = node.get(values[i]) as Node<C> | undefined;
    }
    const child = node?.get(values[last]) as C | undefined;
    if (!node || child === undefined) return false;
    node.delete(values[last]);
    // Prune emptied interior maps so removed series do not leak memory.
    for (let i = path.length - 1; i >= 0 && node.size === 0; i--) {
      path[i].delete(values[i]);
      node = path[i];
    }
    this.list.splice(this.list.indexOf(child), 1);
    return true;
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
