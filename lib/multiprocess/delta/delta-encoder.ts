import type { CounterPoint, GaugePoint, HistogramPoint, LabelSet, MetricFamily } from '../../model';
import type { EntryChanges } from '../encode-family';
import type { FamilySnapshot } from '../snapshot';

/** What the hub holds of one entry, as of the last snapshot sent. */
interface Sent {
  /** The metric's own series list: while it is the same array, positions stay valid. */
  readonly points: readonly LabelSet[];
  /** The series objects, in the order the hub has them. */
  readonly objects: LabelSet[];
  /** Per series what tells whether it changed: a value, or a histogram's count and sum; and an exemplar. */
  readonly first: number[];
  readonly second: number[];
  readonly exemplars: unknown[];
  /** Creation times as sent: a change repeats them only when one moved (a reset). */
  readonly created: (number | undefined)[];
}

/** Ascending positions as `start, length` pairs: all series changed is two numbers. */
function runsOf(positions: readonly number[]): number[] {
  const runs: number[] = [];
  for (const pos of positions) {
    const last = runs.length - 2;
    if (last >= 0 && runs[last] + runs[last + 1] === pos) runs[last + 1]++;
    else runs.push(pos, 1);
  }
  return runs;
}

function same(a: number, b: number): boolean {
  return Object.is(a, b) || a === b;
}

/** Histograms with classic exemplars are sent whole: their exemplars do not follow positions. */
function patchable(family: MetricFamily): boolean {
  switch (family.type) {
    case 'counter':
    case 'gauge':
    case 'unknown':
      return true;
    case 'histogram':
      return family.points.every((p) => p.exemplars === undefined);
    default:
      return false;
  }
}

/**
 * The member side of changes-only snapshots. A metric's series list only
 * grows (until a series is removed or the metric reset), so a series keeps
 * its position and the hub can be told just "these positions changed, these
 * were added". Comparing a counter's value, a gauge's, or a histogram's
 * count and sum with what was last sent finds the changes without encoding
 * anything else; the label values of known series are never sent again.
 * Anything else (custom collectors, summaries, a list that shrank) is sent
 * whole, as is everything after `reset()`.
 */
export class DeltaEncoder implements EntryChanges {
  private sent = new Map<string, Sent>();
  private touched = new Set<string>();
  private last: number | undefined = undefined;
  private seq = 0;

  /** Starts a snapshot: its number, and the number of the one it changes (none after a reset). */
  begin(): { seq: number; base?: number } {
    this.touched.clear();
    const seq = ++this.seq;
    const base = this.last;
    this.last = seq;
    return base === undefined ? { seq } : { seq, base };
  }

  /** Ends a snapshot: entries it did not have are forgotten. */
  end(): void {
    for (const key of this.sent.keys()) if (!this.touched.has(key)) this.sent.delete(key);
  }

  /** The hub lost track: the next snapshot is whole. */
  reset(): void {
    this.sent.clear();
    this.last = undefined;
  }

  encode(
    family: MetricFamily,
    points: readonly LabelSet[],
    defaultValues: readonly string[],
    encode: (subset: readonly LabelSet[], labelledFrom?: number) => FamilySnapshot,
  ): FamilySnapshot {
    const bounds =
      family.type === 'histogram' ? (points[0] as HistogramPoint | undefined)?.upperBounds : undefined;
    const key = `${family.name}\u0000${family.type}\u0000${points[0]?.labelNames.join(',') ?? ''}\u0000${defaultValues.join('\u0000')}\u0000${bounds?.join(',') ?? ''}`;
    if (!patchable(family)) {
      this.sent.delete(key);
      return encode(points);
    }
    this.touched.add(key);
    const before = this.sent.get(key);
    if (this.last === undefined || before === undefined || !this.continues(before, points)) {
      this.sent.set(key, this.remember(family, points));
      return encode(points);
    }
    const positions: number[] = [];
    const known = before.objects.length;
    let moved = false;
    for (let i = 0; i < known; i++) {
      if (this.record(family, before, i, points[i])) {
        positions.push(i);
        const created = (points[i] as CounterPoint).created;
        if (created !== before.created[i]) moved = true;
        before.created[i] = created;
      }
    }
    const changed = positions.length;
    for (let i = known; i < points.length; i++) {
      before.objects.push(points[i]);
      this.record(family, before, i, points[i]);
      before.created[i] = (points[i] as CounterPoint).created;
      positions.push(i);
    }
    const { created, ...entry } = encode(
      positions.map((i) => points[i]),
      changed,
    );
    const sendCreated = created !== undefined && (moved || positions.length > changed);
    return { ...entry, ...(sendCreated ? { created } : {}), runs: runsOf(positions) } as FamilySnapshot;
  }

  /** Whether `points` is the list sent last, grown at most. */
  private continues(before: Sent, points: readonly LabelSet[]): boolean {
    if (before.points !== points || points.length < before.objects.length) return false;
    for (let i = 0; i < before.objects.length; i++) if (before.objects[i] !== points[i]) return false;
    return true;
  }

  private remember(family: MetricFamily, points: readonly LabelSet[]): Sent {
    const sent: Sent = { points, objects: [...points], first: [], second: [], exemplars: [], created: [] };
    for (let i = 0; i < points.length; i++) {
      this.record(family, sent, i, points[i]);
      sent.created[i] = (points[i] as CounterPoint).created;
    }
    return sent;
  }

  /** Stores series `i`'s marks; returns whether they differ from the ones stored before. */
  private record(family: MetricFamily, sent: Sent, i: number, point: LabelSet): boolean {
    let first: number;
    let second = 0;
    let exemplar: unknown;
    if (family.type === 'histogram') {
      first = (point as HistogramPoint).count;
      second = (point as HistogramPoint).sum;
    } else {
      first = (point as GaugePoint).value;
      exemplar = (point as CounterPoint).exemplar;
    }
    const changed =
      i >= sent.first.length ||
      !same(first, sent.first[i]) ||
      !same(second, sent.second[i]) ||
      exemplar !== sent.exemplars[i];
    sent.first[i] = first;
    sent.second[i] = second;
    sent.exemplars[i] = exemplar;
    return changed;
  }
}
