import { Metric, type MultiprocessMode, nativeHistogramData, type Registry, SummarySeries } from '../core';
import type {
  CounterPoint,
  Exemplar,
  GaugePoint,
  HistogramPoint,
  InfoPoint,
  LabelSet,
  MetricFamily,
  StateSetPoint,
  SummaryPoint,
} from '../model';
import { isAggregated } from './aggregated-marker';
import { declaredMode, modeOfAggregator } from './modes';
import {
  type FamilySnapshot,
  type ProcessSnapshot,
  SNAPSHOT_FORMAT,
  toWire,
  type WireExemplar,
  type WireNative,
  type WireNumber,
  type WireSketch,
} from './snapshot';

/** Who a snapshot is from. */
export interface SnapshotIdentity {
  readonly worker: string;
  readonly pid: number;
  readonly startedAt: number;
}

interface LastValue {
  readonly value: number;
  readonly at: number;
}

/**
 * Turns a process's registries into a snapshot. It runs every collector, as a
 * scrape would, and remembers gauge values between snapshots to know when
 * each last changed (what `mostrecent` compares), so the metrics' own hot
 * paths carry no timestamps.
 */
export class SnapshotTaker {
  /** By series object: a gauge's series lives as long as the gauge keeps it. */
  private readonly lastValues = new WeakMap<object, LastValue>();
  private last: ProcessSnapshot | undefined = undefined;

  constructor(
    readonly identity: SnapshotIdentity,
    private readonly registries: () => readonly Registry<any>[],
  ) {}

  /** Runs every collector of every registry, as a scrape does. */
  async take(final = false): Promise<ProcessSnapshot> {
    const clock = this.startClock();
    const families: FamilySnapshot[] = [];
    for (const registry of this.registries()) {
      const modes = declaredModes(registry);
      const extra = defaultLabelsOf(registry);
      for (const family of await registry.collect()) {
        if (isAggregated(family)) continue;
        encodeFamily(family, modes.get(family.name), extra, clock, families);
      }
    }
    this.last = this.finish(clock, families, final);
    return this.last;
  }

  /**
   * Without waiting for anything, for a process that is exiting: the metrics'
   * current values, and what other collectors reported at the last `take()`.
   */
  takeSync(final = true): ProcessSnapshot {
    const clock = this.startClock();
    const fresh: FamilySnapshot[] = [];
    for (const registry of this.registries()) {
      const modes = declaredModes(registry);
      const extra = defaultLabelsOf(registry);
      for (const metric of registry.getMetricsAsArray()) {
        // Metrics of other libraries registered here have no synchronous read: their last snapshot stays.
        if (!(metric instanceof Metric)) continue;
        const family = metric.currentFamily();
        if (!isAggregated(family)) encodeFamily(family, modes.get(family.name), extra, clock, fresh);
      }
    }
    const names = new Set(fresh.map((f) => f.name));
    const kept = (this.last?.families ?? []).filter((f) => !names.has(f.name));
    return this.finish(clock, [...kept, ...fresh], final);
  }

  private startClock(): GaugeClock {
    return { takenAt: Date.now(), lastValues: this.lastValues };
  }

  private finish(clock: GaugeClock, families: FamilySnapshot[], final: boolean): ProcessSnapshot {
    const { worker, pid, startedAt } = this.identity;
    return {
      format: SNAPSHOT_FORMAT,
      worker,
      pid,
      startedAt,
      takenAt: clock.takenAt,
      ...(final ? { final } : {}),
      families,
    };
  }
}

/** Families that are already a merged view, as snapshot entries (read back with `familiesOfMergedView`). */
export function encodeFamilies(families: readonly MetricFamily[]): FamilySnapshot[] {
  const clock: GaugeClock = { takenAt: Date.now(), lastValues: new WeakMap() };
  const out: FamilySnapshot[] = [];
  for (const family of families) encodeFamily(family, undefined, NO_LABELS, clock, out);
  return out;
}

function declaredModes(registry: Registry<any>): Map<string, MultiprocessMode> {
  const modes = new Map<string, MultiprocessMode>();
  for (const metric of registry.getMetricsAsArray()) {
    // A metric of another library (prom-client's, registered here) declares only prom-client's aggregator.
    const mode =
      metric instanceof Metric
        ? declaredMode(metric)
        : metric.aggregator !== 'sum'
          ? modeOfAggregator(metric.aggregator, metric.type)
          : undefined;
    if (mode !== undefined) modes.set(metric.familyName, mode);
  }
  return modes;
}

interface DefaultLabels {
  readonly names: readonly string[];
  readonly values: readonly string[];
}

const NO_LABELS: DefaultLabels = { names: [], values: [] };

function defaultLabelsOf(registry: Registry<any>): DefaultLabels {
  const labels = registry.defaultLabels;
  const names = Object.keys(labels);
  return { names, values: names.map((n) => labels[n]) };
}

interface GaugeClock {
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
function groupPoints<P extends LabelSet>(family: MetricFamily, points: readonly P[]): P[][] {
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
function missingDefaults(names: readonly string[], defaults: DefaultLabels): DefaultLabels {
  if (defaults.names.length === 0) return defaults;
  const missing = defaults.names
    .map((n, i) => [n, defaults.values[i]] as const)
    .filter(([n]) => !names.includes(n));
  return { names: missing.map(([n]) => n), values: missing.map(([, v]) => v) };
}

function encodeFamily(
  family: MetricFamily,
  mode: MultiprocessMode | undefined,
  defaults: DefaultLabels,
  clock: GaugeClock,
  out: FamilySnapshot[],
): void {
  const groups = family.points.length === 0 ? [[]] : groupPoints<LabelSet>(family, family.points);
  for (const points of groups) {
    const names = points[0]?.labelNames ?? [];
    const extra = missingDefaults(names, defaults);
    const labelValues: string[] = [];
    for (const p of points) {
      for (const v of p.labelValues) labelValues.push(v);
      for (const v of extra.values) labelValues.push(v);
    }
    const base = {
      name: family.name,
      help: family.help,
      ...(family.unit ? { unit: family.unit } : {}),
      ...(mode ? { mode } : {}),
      series: points.length,
      labelNames: [...names, ...extra.names],
      labelValues,
    };
    out.push(encodeValues(family, base, points, clock));
  }
}

type Base = Omit<FamilySnapshot, 'type'>;

function encodeValues(family: MetricFamily, base: Base, points: readonly LabelSet[], clock: GaugeClock) {
  switch (family.type) {
    case 'counter': {
      const ps = points as CounterPoint[];
      const exemplars = ps.some((p) => p.exemplar) ? ps.map((p) => wireExemplar(p.exemplar)) : undefined;
      return {
        ...base,
        type: 'counter',
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
      return encodeHistogram(base, points as HistogramPoint[]);
    case 'summary':
      return encodeSummary(base, points as SummaryPoint[]);
    case 'info':
      return { ...base, type: 'info' } satisfies FamilySnapshot;
    case 'stateset': {
      const ps = points as StateSetPoint[];
      const enabled: number[] = [];
      for (const p of ps) for (let i = 0; i < p.states.length; i++) enabled.push(p.enabled[i] ? 1 : 0);
      return {
        ...base,
        type: 'stateset',
        states: [...(ps[0]?.states ?? [])],
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
function changeTimes(points: readonly GaugePoint[], clock: GaugeClock): number[] {
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

function encodeHistogram(base: Base, points: readonly HistogramPoint[]): FamilySnapshot {
  const upperBounds = [...(points[0]?.upperBounds ?? [])];
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

function encodeSummary(base: Base, points: readonly SummaryPoint[]): FamilySnapshot {
  const quantiles = (points[0]?.quantiles ?? []).map((q) => q.quantile);
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
