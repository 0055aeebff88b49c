import type { FamilySnapshot, ProcessSnapshot } from '../snapshot';
import { SnapshotError } from '../validate-snapshot';
import { entryKey } from './entry-key';

type Column<T> = T[] | undefined;

const PATCHABLE = new Set(['counter', 'gauge', 'unknown', 'histogram']);

/** Writes row `k` of the change's column into row `pos` of the target's (a fresh row is appended). */
function put<T>(target: Column<T>, source: Column<T>, pos: number, k: number, fill: T): void {
  if (target === undefined) return;
  target[pos] = source === undefined ? fill : source[k];
}

function positionsOf(runs: readonly number[]): number[] {
  const positions: number[] = [];
  for (let i = 0; i < runs.length; i += 2) for (let k = 0; k < runs[i + 1]; k++) positions.push(runs[i] + k);
  return positions;
}

function patchEntry(target: FamilySnapshot, change: FamilySnapshot, member: string): void {
  const where = `worker ${member}, ${change.name}`;
  if (change.type !== target.type)
    throw new SnapshotError(`${where}: a change of type ${change.type} for a ${target.type}`);
  if (!PATCHABLE.has(target.type))
    throw new SnapshotError(`${where}: a ${target.type} cannot be changed in place`);
  const positions = positionsOf(change.runs as number[]);
  const width = target.labelNames.length;
  const known = target.series;
  let added = 0;
  for (let k = 0; k < positions.length; k++) {
    const pos = positions[k];
    if (pos >= known && pos !== known + added++)
      throw new SnapshotError(`${where}: series ${pos} added out of order`);
  }
  if (change.labelValues.length !== added * width) {
    throw new SnapshotError(`${where}: ${added} added series need ${added * width} label values`);
  }
  const labels = target.labelValues as string[];
  for (const v of change.labelValues) labels.push(v);
  const t = target as unknown as Record<string, unknown[] | undefined>;
  const c = change as unknown as Record<string, unknown[] | undefined>;
  // Creation times come with a change only when one moved or series were added: otherwise they stand.
  if (c.created === undefined && added > 0) delete t.created;
  for (let k = 0; k < positions.length; k++) {
    const pos = positions[k];
    if (c.created !== undefined) put(t.created, c.created, pos, k, 0);
    switch (target.type) {
      case 'counter':
        put(t.values, c.values, pos, k, 0);
        if (c.exemplars !== undefined && t.exemplars === undefined) t.exemplars = new Array(known).fill(null);
        put(t.exemplars, c.exemplars, pos, k, null);
        break;
      case 'gauge':
      case 'unknown':
        put(t.values, c.values, pos, k, 0);
        put(t.changedAt, c.changedAt, pos, k, 0);
        break;
      case 'histogram': {
        if (change.type !== 'histogram') break;
        const buckets = target.upperBounds.length + 1;
        const into = target.buckets as number[];
        for (let b = 0; b < buckets; b++) into[pos * buckets + b] = change.buckets[k * buckets + b];
        put(t.counts, c.counts, pos, k, 0);
        put(t.sums, c.sums, pos, k, 0);
        if (c.natives !== undefined && t.natives === undefined) t.natives = new Array(known).fill(null);
        put(t.natives, c.natives, pos, k, null);
        break;
      }
    }
  }
  (target as { series: number }).series = known + added;
}

/**
 * The hub side of changes-only snapshots: the member's full snapshot as of
 * `change`, from the last one received (`base`) and the change. Entries
 * are patched in place. Throws when the change is not against `base` or does
 * not fit it; the hub then asks the member for a whole snapshot.
 */
export function applyChanges(base: ProcessSnapshot, change: ProcessSnapshot): ProcessSnapshot {
  if (base.seq === undefined || change.base !== base.seq) {
    throw new SnapshotError(
      `worker ${change.worker}: a change against snapshot ${change.base}, but the last one received is ${base.seq ?? 'none'}`,
    );
  }
  const entries = new Map(base.families.map((e) => [entryKey(e), e]));
  const families = change.families.map((entry) => {
    if (entry.runs === undefined) return entry;
    const target = entries.get(entryKey(entry));
    if (target === undefined) {
      throw new SnapshotError(`worker ${change.worker}: a change to ${entry.name}, which it never sent`);
    }
    patchEntry(target, entry, change.worker);
    return target;
  });
  const { base: _, ...whole } = change;
  return { ...whole, families };
}
