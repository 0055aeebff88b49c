/**
 * Floors: plain JavaScript doing only the work an object-labelled call cannot
 * avoid, for the benchmark to show how far a library is from it. Each reads
 * the caller's own keys with `for...in`, rejects a key that is not the
 * declared label in its place, does one `Map.get` per label value and updates
 * numbers. They skip what a metric library must also do (check value types,
 * guard against missing labels, keep no reference to the caller's object):
 * that is the distance the targets allow.
 */

type Level = Map<unknown, unknown>;

const hasOwn = Object.prototype.hasOwnProperty;

/** The leaf for these labels in a trie of Maps, one level per label, created on first use. */
function leafFor<L>(
  root: Level,
  names: readonly string[],
  labels: Record<string, unknown>,
  create: () => L,
): L {
  let node: unknown = root;
  let i = 0;
  for (const name in labels) {
    if (name !== names[i] || !hasOwn.call(labels, name)) throw new Error(`unknown label ${name}`);
    const level = node as Level;
    node = level.get(labels[name]);
    if (node === undefined) {
      node = i === names.length - 1 ? create() : new Map();
      level.set(labels[name], node);
    }
    i++;
  }
  return node as L;
}

/** `inc(labels)` on a counter: the leaf is one number. */
export function counterFloor(names: readonly string[]): (labels: Record<string, unknown>) => void {
  const root: Level = new Map();
  const create = () => ({ value: 0 });
  return (labels) => {
    leafFor(root, names, labels, create).value++;
  };
}

/** `observe(labels, v)` on a histogram: a linear bucket search, then a bucket, the count and the sum. */
export function histogramFloor(
  names: readonly string[],
  bounds: readonly number[],
): (labels: Record<string, unknown>, value: number) => void {
  const root: Level = new Map();
  const upper = [...bounds];
  const create = () => ({ buckets: new Float64Array(upper.length + 1), count: 0, sum: 0 });
  return (labels, value) => {
    const leaf = leafFor(root, names, labels, create);
    let i = 0;
    while (i < upper.length && value > upper[i]) i++;
    leaf.buckets[i]++;
    leaf.count++;
    leaf.sum += value;
  };
}
