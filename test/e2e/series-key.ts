/**
 * Label names whose values are numbers that the two formats spell
 * differently: OpenMetrics requires `le="1.0"` where text 0.0.4 writes
 * `le="1"`, and Prometheus 2.42 stores whatever it read, so the same bucket
 * has a different label value in each job. Compared as numbers, they agree.
 */
const NUMERIC_LABELS = new Set(['le', 'quantile']);

/** Labels Prometheus attaches to every scraped series; not part of what the app exposed. */
const TARGET_LABELS = new Set(['job', 'instance']);

function normalise(name: string, value: string): string {
  if (!NUMERIC_LABELS.has(name)) return value;
  const n = Number(value === '+Inf' ? Number.POSITIVE_INFINITY : value);
  return Number.isNaN(n) ? value : String(n);
}

/** `name{a="x",le="1"}` with labels sorted, target labels dropped and numeric labels normalised. */
export function seriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  const parts = Object.keys(labels)
    .filter((label) => label !== '__name__' && !TARGET_LABELS.has(label))
    .sort()
    .map((label) => `${label}=${JSON.stringify(normalise(label, labels[label]))}`);
  return `${name}{${parts.join(',')}}`;
}

/** Series key to value, failing on a key seen twice (two series would have collapsed into one). */
export function byKey<T>(
  items: readonly T[],
  key: (item: T) => string,
  value: (item: T) => number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k in out) throw new Error(`two series normalise to the same key ${k}`);
    out[k] = value(item);
  }
  return out;
}
