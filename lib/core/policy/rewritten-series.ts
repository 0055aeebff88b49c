import type { PartialValues } from '../labels';

const hasOwn = Object.prototype.hasOwnProperty;

type Node<C> = Map<string | undefined, Node<C> | C>;

/**
 * What `node` holds under a value as called: strings as they are, numbers by
 * their text, as the store keys them; undefined for a value of another type,
 * which the store's own checks handle.
 */
function childOf<C>(node: Node<C>, value: unknown): Node<C> | C | undefined {
  if (typeof value === 'string') return node.get(value);
  return typeof value === 'number' ? node.get(String(value)) : undefined;
}

/**
 * The series of label values a policy rewrote (`200` stored as `2xx`), by the
 * values as called: a repeated call finds its series by walking one map per
 * label, as a stored label set is found, instead of validating and rewriting
 * again. Holds at most `limit` label sets, so a flood of raw values costs no
 * more memory than that many series: past it, new raw values go through the
 * rules on each call. Emptied whenever a series is removed, so it never
 * hands out a series the store no longer holds.
 */
export class RewrittenSeries<C> {
  private root: Node<C> = new Map();
  private size = 0;

  constructor(
    private readonly depth: number,
    private readonly limit: number,
  ) {}

  /**
   * The series of a labels object whose keys are all the labels, in declaration
   * order, with string or number values (the store's fast path); undefined
   * when it is not remembered or the object is not of that shape.
   */
  fromObject(labels: Record<string, unknown>, names: readonly string[]): C | undefined {
    if (this.size === 0) return undefined;
    let node: Node<C> | C | undefined = this.root;
    let i = 0;
    for (const name in labels) {
      if (name !== names[i] || !hasOwn.call(labels, name)) return undefined;
      node = childOf(node as Node<C>, labels[name]);
      if (node === undefined) return undefined;
      i++;
    }
    return i === this.depth ? (node as C) : undefined;
  }

  /** The series of positional values, strings or numbers, one per label; undefined when not remembered. */
  fromPositional(values: readonly unknown[]): C | undefined {
    if (this.size === 0 || values.length !== this.depth) return undefined;
    let node: Node<C> | C | undefined = this.root;
    for (let i = 0; i < values.length; i++) {
      node = childOf(node as Node<C>, values[i]);
      if (node === undefined) return undefined;
    }
    return node as C;
  }

  get(values: PartialValues): C | undefined {
    if (this.size === 0) return undefined;
    let node: Node<C> | C | undefined = this.root;
    for (let i = 0; i < this.depth; i++) {
      node = (node as Node<C>).get(values[i]);
      if (node === undefined) return undefined;
    }
    return node as C;
  }

  /** Remembers the series of `called` (values as given), unless the limit is reached. */
  remember(called: PartialValues, series: C): void {
    if (this.size >= this.limit || this.depth === 0) return;
    let node = this.root;
    for (let i = 0; i < this.depth - 1; i++) {
      let next = node.get(called[i]) as Node<C> | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(called[i], next);
      }
      node = next;
    }
    if (!node.has(called[this.depth - 1])) this.size++;
    node.set(called[this.depth - 1], series);
  }

  forget(): void {
    if (this.size === 0) return;
    this.root = new Map();
    this.size = 0;
  }
}
