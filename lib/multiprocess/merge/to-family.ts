import type {
  CounterPoint,
  GaugePoint,
  HistogramPoint,
  InfoPoint,
  MetricFamily,
  StateSetPoint,
  SummaryPoint,
} from '../../model';
import { markAggregated } from '../aggregated-marker';
import type { FamilyDefinition } from './merge-snapshots';
import type { SeriesSlot } from './series-slot';

function created(slot: SeriesSlot): { created?: number } {
  return slot.created === undefined ? {} : { created: slot.created };
}

/** The merged family in the data model, ready for any exposition format. */
export function toFamily(def: FamilyDefinition, slots: Iterable<SeriesSlot>): MetricFamily {
  const { reduction } = def.mode;
  const head = { name: def.name, help: def.help, ...(def.unit ? { unit: def.unit } : {}) };
  const list = [...slots];
  switch (def.type) {
    case 'counter':
      return markAggregated({
        ...head,
        type: 'counter',
        points: list.map(
          (slot): CounterPoint => ({
            labelNames: slot.labelNames,
            labelValues: slot.labelValues,
            value: slot.value(reduction, 0),
            ...created(slot),
            ...(slot.exemplars?.[0] ? { exemplar: slot.exemplars[0] } : {}),
          }),
        ),
      });
    case 'gauge':
    case 'unknown':
      return markAggregated({
        ...head,
        type: def.type,
        points: list.map(
          (slot): GaugePoint => ({
            labelNames: slot.labelNames,
            labelValues: slot.labelValues,
            value: slot.value(reduction, 0),
          }),
        ),
      });
    case 'info':
      return markAggregated({
        ...head,
        type: 'info',
        points: list.map(
          (slot): InfoPoint => ({ labelNames: slot.labelNames, labelValues: slot.labelValues }),
        ),
      });
    case 'stateset': {
      const states = def.states ?? [];
      return markAggregated({
        ...head,
        type: 'stateset',
        points: list.map(
          (slot): StateSetPoint => ({
            labelNames: slot.labelNames,
            labelValues: slot.labelValues,
            states,
            enabled: states.map((_, j) => slot.value(reduction, j) >= 0.5),
          }),
        ),
      });
    }
    case 'histogram': {
      const upperBounds = def.upperBounds ?? [];
      const buckets = upperBounds.length + 1;
      return markAggregated({
        ...head,
        type: 'histogram',
        points: list.map((slot): HistogramPoint => {
          const bucketCounts = new Float64Array(buckets);
          for (let j = 0; j < buckets; j++) bucketCounts[j] = slot.value(reduction, j);
          return {
            labelNames: slot.labelNames,
            labelValues: slot.labelValues,
            upperBounds,
            bucketCounts,
            count: slot.value(reduction, buckets),
            sum: slot.value(reduction, buckets + 1),
            ...created(slot),
            ...(slot.exemplars ? { exemplars: slot.exemplars } : {}),
            ...(slot.native && slot.nativeComplete ? { native: slot.native } : {}),
          };
        }),
      });
    }
    case 'summary': {
      const quantiles = def.quantiles ?? [];
      return markAggregated({
        ...head,
        type: 'summary',
        points: list.map(
          (slot): SummaryPoint => ({
            labelNames: slot.labelNames,
            labelValues: slot.labelValues,
            quantiles: quantilesOf(slot, quantiles),
            count: slot.value(reduction, 0),
            sum: slot.value(reduction, 1),
            ...created(slot),
          }),
        ),
      });
    }
  }
}

/**
 * From the merged sketch when every contributor had one; a single process's
 * own figures when one process was chosen; otherwise none, because
 * quantiles of different processes cannot be combined.
 */
function quantilesOf(slot: SeriesSlot, quantiles: readonly number[]): SummaryPoint['quantiles'] {
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
