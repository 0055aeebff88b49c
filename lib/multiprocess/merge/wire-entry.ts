import { otlpNamesOf } from '../otlp-names';
import {
  type FamilySnapshot,
  fromWire,
  type WireExemplar,
  type WireNumber,
  type WireSketch,
} from '../snapshot';
import type { MergeEntry, SketchesShape } from './merge-entry';
import type { SeriesSlot } from './series-slot';
import { seriesValueCheck } from './series-value-check';
import { vectorReader } from './vector-reader';

type BucketExemplars = [number, WireExemplar][];

function histogramExemplarsBySeries(entry: FamilySnapshot): Map<number, BucketExemplars> | undefined {
  if (entry.type !== 'histogram' || entry.exemplars === undefined) return undefined;
  const bySeries = new Map<number, BucketExemplars>();
  for (const [series, bucket, exemplar] of entry.exemplars) {
    let list = bySeries.get(series);
    if (list === undefined) bySeries.set(series, (list = []));
    list.push([bucket, exemplar]);
  }
  return bySeries;
}

function sketchesOf(sketches: readonly (WireSketch | null)[]): SketchesShape {
  return {
    accuracy: sketches.find((k) => k)?.relativeAccuracy,
    missing: sketches.includes(null),
    differsFrom: (accuracy) => sketches.some((k) => k !== null && k.relativeAccuracy !== accuracy),
  };
}

/** Vector width per series of a wire entry: see SeriesSlot. */
function widthOf(entry: FamilySnapshot): number {
  switch (entry.type) {
    case 'histogram':
      return entry.upperBounds.length + 3;
    case 'summary':
      return 2;
    case 'stateset':
      return entry.states.length;
    default:
      return 1;
  }
}

/**
 * A snapshot's entry as the merge reads it, straight from its columns. Its
 * slots are remembered under the entry itself: a hub keeps a member's
 * entries from scrape to scrape, patching changes in, and a directory reader
 * keeps unchanged files' entries.
 */
export function wireEntry(entry: FamilySnapshot, takenAt: number): MergeEntry {
  const width = widthOf(entry);
  const read = vectorReader(entry, width);
  const labelValues = entry.labelValues;
  const names = entry.labelNames.length;
  const created = entry.created;
  const changedAt = entry.type === 'gauge' || entry.type === 'unknown' ? entry.changedAt : undefined;
  const exemplars = histogramExemplarsBySeries(entry);
  return {
    name: entry.name,
    help: entry.help,
    type: entry.type,
    unit: entry.unit,
    ...otlpNamesOf(entry),
    mode: entry.mode,
    textName: entry.type === 'counter' ? entry.textName : undefined,
    upperBounds: entry.type === 'histogram' ? entry.upperBounds : undefined,
    quantiles: entry.type === 'summary' ? entry.quantiles : undefined,
    states: entry.type === 'stateset' ? entry.states : undefined,
    sketches: entry.type === 'summary' ? sketchesOf(entry.sketches) : undefined,
    series: entry.series,
    labelNames: entry.labelNames,
    labelValue: (s, i) => labelValues[s * names + i],
    read,
    check: seriesValueCheck(entry.type, read, width),
    created: created === undefined ? () => undefined : (s) => created[s],
    changedAt: changedAt === undefined ? () => takenAt : (s) => changedAt[s],
    absorbExtras: carriesExtras(entry)
      ? (slot, s, taken) => absorbExtras(slot, entry, s, taken, takenAt, exemplars)
      : undefined,
    cacheKey: entry,
  };
}

/** Gauges, infos and state sets are their vectors alone. */
function carriesExtras(entry: FamilySnapshot): boolean {
  return entry.type === 'counter' || entry.type === 'histogram' || entry.type === 'summary';
}

function absorbExtras(
  slot: SeriesSlot,
  entry: FamilySnapshot,
  s: number,
  taken: boolean,
  takenAt: number,
  histogramExemplars: Map<number, BucketExemplars> | undefined,
): void {
  switch (entry.type) {
    case 'counter': {
      const exemplar = entry.exemplars?.[s];
      if (exemplar) slot.offerExemplar(0, 1, exemplar, takenAt);
      break;
    }
    case 'histogram':
      for (const [bucket, exemplar] of histogramExemplars?.get(s) ?? []) {
        slot.offerExemplar(bucket, entry.upperBounds.length + 1, exemplar, takenAt);
      }
      slot.addNative(entry.natives?.[s] ?? null, taken);
      break;
    case 'summary': {
      const q = entry.quantiles.length;
      slot.addSketch(entry.sketches[s], taken, () =>
        (entry.quantileValues.slice(s * q, s * q + q) as WireNumber[]).map(fromWire),
      );
      break;
    }
  }
}
