import type {
  CounterPoint,
  GaugePoint,
  HistogramPoint,
  InfoPoint,
  MetricFamily,
  Quantile,
  StateSetPoint,
  SummaryPoint,
} from '../../model';
import { markAggregated } from '../aggregated-marker';
import type { Reduction } from '../modes';
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

/**
 * The merged family in the data model, ready for any exposition format. Its
 * points are the slots' own point objects, updated in place, so their cached
 * label text is reused from one scrape to the next.
 */
export function toFamily(def: FamilyDefinition, slots: readonly SeriesSlot[]): MetricFamily {
  const { reduction } = def.mode;
  const head = { name: def.name, help: def.help, ...(def.unit ? { unit: def.unit } : {}) };
  switch (def.type) {
    case 'counter':
    case 'gauge':
    case 'unknown': {
      if (def.type === 'counter') {
        const points = slots.map((s) => counterPoint(s, reduction)) as CounterPoint[];
        const textName = def.textName === undefined ? {} : { textName: def.textName };
        return markAggregated({ ...head, type: 'counter', ...textName, points });
      }
      const points = slots.map((s) => gaugePoint(s, reduction)) as GaugePoint[];
      return markAggregated({ ...head, type: def.type, points });
    }
    case 'info':
      return markAggregated({ ...head, type: 'info', points: slots.map(pointOf) as InfoPoint[] });
    case 'stateset': {
      const states = def.states ?? [];
      return markAggregated({
        ...head,
        type: 'stateset',
        points: slots.map((s) => statePoint(s, reduction, states)) as StateSetPoint[],
      });
    }
    case 'histogram': {
      const bounds = def.upperBounds ?? [];
      return markAggregated({
        ...head,
        type: 'histogram',
        points: slots.map((s) => histogramPoint(s, reduction, bounds)) as HistogramPoint[],
      });
    }
    case 'summary': {
      const quantiles = def.quantiles ?? [];
      return markAggregated({
        ...head,
        type: 'summary',
        points: slots.map((s) => summaryPoint(s, reduction, quantiles)) as SummaryPoint[],
      });
    }
  }
}
