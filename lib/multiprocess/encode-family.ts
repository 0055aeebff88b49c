import { type MultiprocessMode, nativeHistogramData, SummarySeries } from '../core';
import {
  type CounterPoint,
  type Exemplar,
  type GaugePoint,
  type HistogramPoint,
  type LabelSet,
  type MetricFamily,
  type StateSetPoint,
  type SummaryPoint,
  totalName,
} from '../model';
import { otlpNamesOf } from './otlp-names';
import {
  type FamilySnapshot,
  toWire,
  type WireExemplar,
  type WireNative,
  type WireNumber,
  type WireSketch,
} from './snapshot';

export interface DefaultLabels {
  readonly names: readonly string[];
  readonly values: readonly string[];
}

export const NO_LABELS: DefaultLabels = { names: [], values: [] };

export interface LastValue {
  readonly value: number;
  readonly at: number;
}

/** What the encoding of gauges needs to know when each value last changed. */
export interface GaugeClock {
  readonly takenAt: number;
  readonly lastValues: WeakMap<object, LastValue>;
}

/** Points that share label names (and buckets, quantiles or states) go in one entry. */
function sameShape(family: MetricFamily, a: LabelSet, b: LabelSet): boolean {
  if (!sameList(a.labelNames, b.labelNames)) return false;
  switch (family.type) {
    case 'histogram':
      return sameList((a as HistogramPoint).upperBounds, (b as HistogramPoint).upperBounds);
    case 'summary': {
      const qa = (a as SummaryPoint).quantiles;
      const qb = (b as SummaryPoint).quantiles;
      return qa.length === qb.length && qa.every((q, i) => q.quantile === qb[i].quantile);
    }
    case 'stateset':
      return sameList((a as StateSetPoint).states, (b as StateSetPoint).states);
    default:
      return true;
  }
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Usually one group: a metric's series share their label names, buckets and states. */
export function groupPoints<P extends LabelSet>(family: MetricFamily, points: readonly P[]): P[][] {
  const groups: P[][] = [];
  let current: P[] | undefined;
  for (const point of points) {
    if (current === undefined || !sameShape(family, current[0], point)) {
      current = groups.find((g) => sameShape(family, g[0], point));
      if (current === undefined) {
        current = [];
        groups.push(current);
      }
    }
    current.push(point);
  }
  return groups;
}

/** The registry's default labels the entry does not already have. */
export function missingDefaults(names: readonly string[], defaults: DefaultLabels): DefaultLabels {
  if (defaults.names.length === 0) return defaults;
  const missing = defaults.names
    .map((n, i) => [n, defaults.values[i]] as const)
    .filter(([n]) => !names.includes(n));
  return { names: missing.map(([n]) => n), values: missing.map(([, v]) => v) };
}

/** Turns a family into entries; `deltas` (between a member and its hub) may send only what changed. */
export function encodeFamily(
  family: MetricFamily,
  mode: MultiprocessMode | undefined,
  defaults: DefaultLabels,
  clock: GaugeClock,
  out: FamilySnapshot[],
  deltas?: EntryChanges,
): void {
  const groups = family.points.length === 0 ? [[]] : groupPoints<LabelSet>(family, family.points);
  for (const points of groups) {
    const names = points[0]?.labelNames ?? [];
    const extra = missingDefaults(names, defaults);
    const head = (subset: readonly LabelSet[], labelledFrom = 0): EntryHead => {
      const labelValues: string[] = [];
      for (let i = labelledFrom; i < subset.length; i++) {
        for (const v of subset[i].labelValues) labelValues.push(v);
        for (const v of extra.values) labelValues.push(v);
      }
      return {
        name: family.name,
        help: family.help,
        ...(family.unit ? { unit: family.unit } : {}),
        ...otlpNamesOf(family),
        ...(mode ? { mode } : {}),
        series: subset.length,
        labelNames: [...names, ...extra.names],
        labelValues,
      };
    };
    // A change may hold none of the group's series, yet names its buckets, quantiles and states.
    const encode = (subset: readonly LabelSet[], labelledFrom?: number) =>
      encodeValues(family, head(subset, labelledFrom), subset, clock, points[0]);
    // A metric's own series list (one group) can be sent as changes; anything else is sent whole.
    const own = groups.length === 1 ? family.points : undefined;
    out.push(deltas && own ? deltas.encode(family, own, extra.values, encode) : encode(points));
  }
}

/** Sends only the series that changed since the last snapshot the hub has; see `DeltaEncoder`. */
export interface EntryChanges {
  encode(
    family: MetricFamily,
    points: readonly LabelSet[],
    defaultValues: readonly string[],
    encode: (subset: readonly LabelSet[], labelledFrom?: number) => FamilySnapshot,
  ): FamilySnapshot;
}

/** What every entry has besides its type and values. */
export type EntryHead = Omit<FamilySnapshot, 'type'>;

export function encodeValues(
  family: MetricFamily,
  base: EntryHead,
  points: readonly LabelSet[],
  clock: GaugeClock,
  shape: LabelSet | undefined = points[0],
) {
  switch (family.type) {
    case 'counter': {
      const ps = points as CounterPoint[];
      const exemplars = ps.some((p) => p.exemplar) ? ps.map((p) => wireExemplar(p.exemplar)) : undefined;
      return {
        ...base,
        type: 'counter',
        ...(family.textName !== undefined && family.textName !== totalName(family.name)
          ? { textName: family.textName }
          : {}),
        ...createdOf(ps),
        values: ps.map((p) => toWire(p.value)),
        ...(exemplars ? { exemplars } : {}),
      } satisfies FamilySnapshot;
    }
    case 'gauge':
    case 'unknown': {
      const ps = points as GaugePoint[];
      return {
        ...base,
        type: family.type,
        values: ps.map((p) => toWire(p.value)),
        changedAt: changeTimes(ps, clock),
      } satisfies FamilySnapshot;
    }
    case 'histogram':
      return encodeHistogram(base, points as HistogramPoint[], shape as HistogramPoint | undefined);
    case 'summary':
      return encodeSummary(base, points as SummaryPoint[], shape as SummaryPoint | undefined);
    case 'info':
      return { ...base, type: 'info' } satisfies FamilySnapshot;
    case 'stateset': {
      const ps = points as StateSetPoint[];
      const enabled: number[] = [];
      for (const p of ps) for (let i = 0; i < p.states.length; i++) enabled.push(p.enabled[i] ? 1 : 0);
      return {
        ...base,
        type: 'stateset',
        states: [...((shape as StateSetPoint | undefined)?.states ?? [])],
        enabled,
      } satisfies FamilySnapshot;
    }
  }
}

function createdOf(points: readonly { created?: number }[]): { created?: number[] } {
  if (points.length === 0 || points.some((p) => p.created === undefined)) return {};
  return { created: points.map((p) => p.created as number) };
}

/**
 * When each value last changed. A metric's series is the same object from
 * snapshot to snapshot; a custom collector's points are new each time, so
 * theirs count as changed at every snapshot.
 */
export function changeTimes(points: readonly GaugePoint[], clock: GaugeClock): number[] {
  const times = new Array<number>(points.length);
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const before = clock.lastValues.get(p);
    if (before !== undefined && Object.is(before.value, p.value)) {
      times[i] = before.at;
    } else {
      clock.lastValues.set(p, { value: p.value, at: clock.takenAt });
      times[i] = clock.takenAt;
    }
  }
  return times;
}

function wireExemplar(exemplar: Exemplar | undefined): WireExemplar | null {
  if (exemplar === undefined) return null;
  return {
    labels: { ...exemplar.labels },
    value: toWire(exemplar.value),
    ...(exemplar.timestamp !== undefined ? { timestamp: exemplar.timestamp } : {}),
  };
}

function encodeHistogram(
  base: EntryHead,
  points: readonly HistogramPoint[],
  shape: HistogramPoint | undefined,
): FamilySnapshot {
  const upperBounds = [...(shape?.upperBounds ?? [])];
  const width = upperBounds.length + 1;
  const buckets: number[] = [];
  const exemplars: [number, number, WireExemplar][] = [];
  for (let s = 0; s < points.length; s++) {
    const p = points[s];
    for (let b = 0; b < width; b++) buckets.push(p.bucketCounts[b]);
    if (p.exemplars) {
      for (let b = 0; b < width; b++) {
        const e = p.exemplars[b];
        if (e) exemplars.push([s, b, wireExemplar(e) as WireExemplar]);
      }
    }
  }
  return {
    ...base,
    type: 'histogram',
    ...createdOf(points),
    upperBounds,
    buckets,
    counts: points.map((p) => p.count),
    sums: points.map((p) => toWire(p.sum)),
    ...(exemplars.length ? { exemplars } : {}),
    ...(points.some((p) => p.native) ? { natives: points.map((p) => wireNative(p.native)) } : {}),
  };
}

function wireNative(native: HistogramPoint['native']): WireNative | null {
  if (native === undefined) return null;
  const { exemplars, ...buckets } = nativeHistogramData(native);
  return exemplars
    ? { ...buckets, exemplars: exemplars.map((e) => wireExemplar(e) as WireExemplar) }
    : buckets;
}

function encodeSummary(
  base: EntryHead,
  points: readonly SummaryPoint[],
  shape: SummaryPoint | undefined,
): FamilySnapshot {
  const quantiles = (shape?.quantiles ?? []).map((q) => q.quantile);
  const sketches: (WireSketch | null)[] = [];
  const quantileValues: WireNumber[] = [];
  for (const p of points) {
    if (p instanceof SummarySeries) {
      const state = p.sketchState();
      sketches.push({ ...state, min: toWire(state.min), max: toWire(state.max) });
    } else {
      sketches.push(null);
    }
    for (const q of p.quantiles) quantileValues.push(toWire(q.value));
  }
  return {
    ...base,
    type: 'summary',
    ...createdOf(points),
    quantiles,
    counts: points.map((p) => p.count),
    sums: points.map((p) => toWire(p.sum)),
    sketches,
    quantileValues,
  };
}
