export type FieldLookup = { readonly found: true; readonly value: unknown } | { readonly found: false };

/** Reads a dotted path like `db.connections.active` (array items by index: `items.0.size`). */
export function readField(document: unknown, path: string): FieldLookup {
  let current: unknown = document;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key))
      return { found: false };
    current = (current as Record<string, unknown>)[key];
  }
  return { found: true, value: current };
}

/**
 * Every numeric leaf of a JSON document with its dotted path, depth first, at
 * most `limit` of them. Walks with its own stack rather than recursion, so no
 * document can exhaust the call stack.
 */
export function numericLeaves(document: unknown, limit: number): [path: string, value: number][] {
  const out: [string, number][] = [];
  const stack: [path: string, value: unknown][] = [['', document]];
  while (stack.length > 0 && out.length < limit) {
    const [path, value] = stack.pop()!;
    if (typeof value === 'number') {
      if (path !== '') out.push([path, value]);
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      // Pushed in reverse so that they are visited in document order.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        stack.push([path === '' ? key : `${path}.${key}`, child]);
      }
    }
  }
  return out;
}
