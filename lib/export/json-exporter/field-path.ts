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

/** Every numeric leaf of a JSON document with its dotted path, depth first, at most `limit` of them. */
export function numericLeaves(document: unknown, limit: number): [path: string, value: number][] {
  const out: [string, number][] = [];
  const walk = (value: unknown, path: string) => {
    if (out.length >= limit) return;
    if (typeof value === 'number') {
      if (path !== '') out.push([path, value]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) walk(child, path === '' ? key : `${path}.${key}`);
    }
  };
  walk(document, '');
  return out;
}
