import { type MultiprocessMode, nativeHistogramData } from '../../core';
import {
  type CounterPoint,
  type GaugePoint,
  type HistogramPoint,
  type LabelSet,
  type MetricFamily,
  type StateSetPoint,
  totalName,
} from '../../model';
import {
  changeTimes,
  type DefaultLabels,
  encodeValues,
  type GaugeClock,
  groupPoints,
  missingDefaults,
} from '../encode-family';
import { otlpNamesOf } from '../otlp-names';
import type { MergeEntry } from './merge-entry';
import type { SeriesSlot } from './series-slot';
import { seriesValueCheck } from './series-value-check';
import type { VectorReader } from './vector-reader';
import { wireEntry } from './wire-entry';

/** What each type's series are read as; see `pointsEntry`. */
interface PointsReading {
  readonly read: VectorReader;
  readonly width: number;
  readonly changedAt?: (s: number) => number;
  readonly absorbExtras?: (slot: SeriesSlot, s: number, taken: boolean) => void;
}

function createdOf(points: readonly LabelSet[]): ((s: number) => number | undefined) | undefined {
  const ps = points as readonly { created?: number }[];
  // As a snapshot has it: creation times only when every series has one.
  if (ps.length === 0 || ps.some((p) => p.created === undefined)) return undefined;
  return (s) => ps[s].created;
}

function readingOf(family: MetricFamily, points: readonly LabelSet[], clock: GaugeClock): PointsReading {
  const fallbackTime = clock.takenAt;
  switch (family.type) {
    case 'counter': {
      const ps = points as readonly CounterPoint[];
      return {
        read: (s) => ps[s].value,
        width: 1,
        absorbExtras: (slot, s) => {
          const exemplar = ps[s].exemplar;
          if (exemplar) slot.offerExemplar(0, 1, exemplar, fallbackTime);
        },
      };
    }
    case 'gauge':
    case 'unknown': {
      const ps = points as readonly GaugePoint[];
      const changed = changeTimes(ps, clock);
      return { read: (s) => ps[s].value, width: 1, changedAt: (s) => changed[s] };
    }
    case 'histogram': {
      const ps = points as readonly HistogramPoint[];
      const buckets = (ps[0]?.upperBounds.length ?? 0) + 1;
      return {
        read: (s, j) => (j < buckets ? ps[s].bucketCounts[j] : j === buckets ? ps[s].count : ps[s].sum),
        width: buckets + 2,
        absorbExtras: (slot, s, taken) => {
          const p = ps[s];
          const exemplars = p.exemplars;
          if (exemplars) {
            for (let b = 0; b < buckets; b++) {
              const exemplar = exemplars[b];
              if (exemplar) slot.offerExemplar(b, buckets, exemplar, fallbackTime);
            }
          }
          slot.addNative(p.native ? nativeHistogramData(p.native) : null, taken);
        },
      };
    }
    case 'stateset': {
      const ps = points as readonly StateSetPoint[];
      return { read: (s, j) => (ps[s].enabled[j] ? 1 : 0), width: ps[0]?.states.length ?? 0 };
    }
    default:
      return { read: () => 1, width: 1 };
  }
}

/**
 * Points of one family that share their shape, as the merge reads them: the
 * series themselves, with the registry's default labels and the metric's
 * mode as a snapshot of them would say, but nothing encoded. A metric's own
 * series are the same objects from scrape to scrape, so their slots are
 * remembered under its series list. Summaries are the exception: a series'
 * sketch, quantiles, count and sum are read together, as a snapshot entry.
 */
function pointsEntry(
  family: MetricFamily,
  points: readonly LabelSet[],
  mode: MultiprocessMode | undefined,
  defaults: DefaultLabels,
  clock: GaugeClock,
  own: boolean,
): MergeEntry {
  const names = points[0]?.labelNames ?? [];
  const extra = missingDefaults(names, defaults);
  const labelNames = extra.names.length === 0 ? names : [...names, ...extra.names];
  if (family.type === 'summary') {
    const labelValues: string[] = [];
    for (const p of points) labelValues.push(...p.labelValues, ...extra.values);
    const head = {
      name: family.name,
      help: family.help,
      ...(family.unit ? { unit: family.unit } : {}),
      ...otlpNamesOf(family),
      ...(mode ? { mode } : {}),
      series: points.length,
      labelNames: [...labelNames],
      labelValues,
    };
    return wireEntry(encodeValues(family, head, points, clock), clock.takenAt);
  }
  const { read, width, changedAt, absorbExtras } = readingOf(family, points, clock);
  const own0 = names.length;
  const first = points[0];
  return {
    name: family.name,
    help: family.help,
    type: family.type,
    unit: family.unit || undefined,
    ...otlpNamesOf(family),
    mode,
    textName:
      family.type === 'counter' && family.textName !== undefined && family.textName !== totalName(family.name)
        ? family.textName
        : undefined,
    upperBounds:
      family.type === 'histogram' ? ((first as HistogramPoint | undefined)?.upperBounds ?? []) : undefined,
    states: family.type === 'stateset' ? ((first as StateSetPoint | undefined)?.states ?? []) : undefined,
    series: points.length,
    labelNames,
    labelValue: (s, i) => (i < own0 ? points[s].labelValues[i] : extra.values[i - own0]),
    read,
    check: seriesValueCheck(family.type, read, width),
    created: createdOf(points) ?? (() => undefined),
    changedAt: changedAt ?? (() => clock.takenAt),
    absorbExtras,
    cacheKey: own && extra.names.length === 0 ? family.points : undefined,
    seriesObject: (s) => points[s],
  };
}

/**
 * A family's entries, one per shape of its points, as `encodeFamily` would
 * split it (a family with no series is one entry of none).
 */
export function* familyEntries(
  family: MetricFamily,
  mode: MultiprocessMode | undefined,
  defaults: DefaultLabels,
  clock: GaugeClock,
): Generator<MergeEntry> {
  const groups = family.points.length === 0 ? [[]] : groupPoints<LabelSet>(family, family.points);
  for (const points of groups) yield pointsEntry(family, points, mode, defaults, clock, groups.length === 1);
}
