import type { MetricFamily, Quantile } from '../../model';
import { markAggregated } from '../aggregated-marker';
import type { Reduction } from '../modes';
import { otlpNamesOf } from '../otlp-names';
import type { FamilyDefinition } from './family-definition';
import type { MergedPoint } from './merged-point';
import type { SeriesSlot } from './series-slot';

function pointOf(slot: SeriesSlot): MergedPoint {
  slot.point ??= { labelNames: slot.labelNames, labelValues: slot.labelValues };
  return slot.point;
}

function counterPoint(slot: SeriesSlot, reduction: Reduction) {
  const p = pointOf(slot);
  p.value = slot.value(reduction, 0);
  p.created = slot.created;
  p.exemplar = slot.exemplars?.[0];
  return p;
}

function gaugePoint(slot: SeriesSlot, reduction: Reduction) {
  const p = pointOf(slot);
  p.value = slot.value(reduction, 0);
  return p;
}

function statePoint(slot: SeriesSlot, reduction: Reduction, states: readonly string[]) {
  const p = pointOf(slot);
  p.states = states;
  p.enabled = states.map((_, j) => slot.value(reduction, j) >= 0.5);
  return p;
}

function histogramPoint(slot: SeriesSlot, reduction: Reduction, upperBounds: readonly number[]) {
  const p = pointOf(slot);
  const buckets = upperBounds.length + 1;
  const counts = p.bucketCounts ?? new Array<number>(buckets);
  for (let j = 0; j < buckets; j++) counts[j] = slot.value(reduction, j);
  p.upperBounds = upperBounds;
  p.bucketCounts = counts;
  p.count = slot.value(reduction, buckets);
  p.sum = slot.value(reduction, buckets + 1);
  p.created = slot.created;
  p.exemplars = slot.exemplars;
  p.native = slot.native && slot.nativeComplete ? slot.native : undefined;
  return p;
}

function summaryPoint(slot: SeriesSlot, reduction: Reduction, quantiles: readonly number[]) {
  const p = pointOf(slot);
  p.quantiles = quantilesOf(slot, quantiles);
  p.count = slot.value(reduction, 0);
  p.sum = slot.value(reduction, 1);
  p.created = slot.created;
  return p;
}

/**
 * From the merged sketch when every contributor had one; a single process's
 * own figures when one process was chosen; otherwise none, because
 * quantiles of different processes cannot be combined.
 */
function quantilesOf(slot: SeriesSlot, quantiles: readonly number[]): Quantile[] {
  if (slot.sketchComplete && slot.sketch) {
    const values = slot.sketch.quantiles(quantiles);
    return quantiles.map((quantile, i) => ({ quantile, value: values[i] }));
  }
  if (slot.contributors === 1 && slot.quantileValues) {
    const values = slot.quantileValues;
    return quantiles.map((quantile, i) => ({ quantile, value: values[i] }));
  }
  return [];
}

/** Fills a slot's point for its family's type: the same object each scrape, so its label text is reused. */
export type PointMaker = (slot: SeriesSlot) => MergedPoint;

export function pointMaker(def: FamilyDefinition): PointMaker {
  const { reduction } = def.mode;
  switch (def.type) {
    case 'counter':
      return (s) => counterPoint(s, reduction);
    case 'gauge':
    case 'unknown':
      return (s) => gaugePoint(s, reduction);
    case 'info':
      return pointOf;
    case 'stateset': {
      const states = def.states ?? [];
      return (s) => statePoint(s, reduction, states);
    }
    case 'histogram': {
      const bounds = def.upperBounds ?? [];
      return (s) => histogramPoint(s, reduction, bounds);
    }
    case 'summary': {
      const quantiles = def.quantiles ?? [];
      return (s) => summaryPoint(s, reduction, quantiles);
    }
  }
}

/**
 * The merged family in the data model, ready for any exposition format, from
 * points `pointMaker` filled for the definition's type. Only a counter's
 * definition has a text name.
 */
export function familyOf(def: FamilyDefinition, points: MergedPoint[]): MetricFamily {
  return markAggregated({
    name: def.name,
    help: def.help,
    ...(def.unit ? { unit: def.unit } : {}),
    ...otlpNamesOf(def),
    type: def.type,
    ...(def.textName === undefined ? {} : { textName: def.textName }),
    points,
  } as MetricFamily);
}
