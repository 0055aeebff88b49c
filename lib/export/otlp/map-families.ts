import {
  type CounterFamily,
  type HistogramFamily,
  type HistogramPoint,
  infoName,
  type LabelSet,
  type MetricFamily,
  type StateSetFamily,
  totalName,
} from '../../model';
import { bucketExemplars, listExemplars, otlpExemplar } from './exemplars';
import { otlpBuckets } from './exponential-buckets';
import type { OtlpExponentialPoint, OtlpHistogramPoint, OtlpMetric, OtlpNumberPoint } from './otlp-data';
import { otlpUnit } from './units';

export interface MappingContext {
  /** When the collection was taken: every point's time unless it carries its own. */
  readonly timeMs: number;
  /** The registry's default labels, added to every point that lacks them (as the writers add them). */
  readonly defaultLabels?: LabelSet;
}

/**
 * A point's attributes: its labels and the default labels it lacks. A metric
 * with an OpenTelemetry name sends its labels under their attribute names and
 * leaves out the empty ones: there an empty value stands for an attribute the
 * measurement did not have (`error.type` of a success), which Prometheus
 * stores as no label.
 */
function attributesOf(labels: LabelSet, defaults: LabelSet | undefined, family: MetricFamily): LabelSet {
  const merged = withDefaults(labels, defaults);
  if (family.otlpName === undefined) return merged;
  const renames = family.otlpAttributeNames;
  const names: string[] = [];
  const values: string[] = [];
  for (let i = 0; i < merged.labelNames.length; i++) {
    if (merged.labelValues[i] === '') continue;
    names.push(renames?.[merged.labelNames[i]] ?? merged.labelNames[i]);
    values.push(merged.labelValues[i]);
  }
  return { labelNames: names, labelValues: values };
}

function withDefaults(labels: LabelSet, defaults: LabelSet | undefined): LabelSet {
  if (defaults === undefined) return labels;
  const own = labels.labelNames;
  let names: string[] | undefined;
  let values: string[] | undefined;
  for (let i = 0; i < defaults.labelNames.length; i++) {
    if (own.includes(defaults.labelNames[i])) continue;
    names ??= [...own];
    values ??= [...labels.labelValues];
    names.push(defaults.labelNames[i]);
    values.push(defaults.labelValues[i]);
  }
  return names === undefined ? labels : { labelNames: names, labelValues: values! };
}

/**
 * What every OTLP metric of a family has whatever its kind: counters and
 * infos named as Prometheus stores them, or by the `otlpName` a metric was
 * declared with (infos and statesets have none).
 */
export function otlpMetricHead(family: MetricFamily): {
  name: string;
  description: string;
  unit: string;
  prometheusType: string;
} {
  let name: string;
  if (family.type === 'info') name = infoName(family.name);
  else if (family.type === 'stateset') name = family.name;
  else name = family.otlpName ?? (family.type === 'counter' ? totalName(family.name) : family.name);
  return { name, description: family.help, unit: otlpUnit(family.unit), prometheusType: family.type };
}

function counterMetric(family: CounterFamily, c: MappingContext): OtlpMetric {
  return {
    kind: 'sum',
    ...otlpMetricHead(family),
    monotonic: true,
    temporality: 'cumulative',
    points: family.points.map(
      (p): OtlpNumberPoint => ({
        attributes: attributesOf(p, c.defaultLabels, family),
        startMs: p.created,
        timeMs: p.timestamp ?? c.timeMs,
        value: p.value,
        exemplars: p.exemplar ? [otlpExemplar(p.exemplar)] : undefined,
      }),
    ),
  };
}

function isNative(p: HistogramPoint): boolean {
  return p.native !== undefined;
}

function histogramMetric(family: HistogramFamily, c: MappingContext): OtlpMetric {
  const base = otlpMetricHead(family);
  // One OTLP metric has one kind of point: native buckets when every series has them, as
  // Prometheus prefers them; otherwise the classic buckets every series has.
  if (family.points.length > 0 && family.points.every(isNative)) {
    return {
      ...base,
      kind: 'exponentialHistogram',
      temporality: 'cumulative',
      points: family.points.map((p): OtlpExponentialPoint => {
        const h = p.native!;
        return {
          attributes: attributesOf(p, c.defaultLabels, family),
          startMs: p.created,
          timeMs: p.timestamp ?? c.timeMs,
          count: p.count,
          sum: p.sum,
          scale: h.schema,
          zeroCount: h.zeroCount,
          zeroThreshold: h.zeroThreshold,
          positive: otlpBuckets(h.positive),
          negative: otlpBuckets(h.negative),
          exemplars: listExemplars(h.exemplars),
        };
      }),
    };
  }
  return {
    ...base,
    kind: 'histogram',
    temporality: 'cumulative',
    points: family.points.map(
      (p): OtlpHistogramPoint => ({
        attributes: attributesOf(p, c.defaultLabels, family),
        startMs: p.created,
        timeMs: p.timestamp ?? c.timeMs,
        count: p.count,
        sum: p.sum,
        bucketCounts: p.bucketCounts,
        explicitBounds: p.upperBounds,
        exemplars: bucketExemplars(p.exemplars),
      }),
    ),
  };
}

function stateSetPoints(family: StateSetFamily, c: MappingContext): OtlpNumberPoint[] {
  const points: OtlpNumberPoint[] = [];
  for (const p of family.points) {
    for (let s = 0; s < p.states.length; s++) {
      // Each state is a series of its own, labelled with the family's name as OpenMetrics writes it.
      const labels = {
        labelNames: [...p.labelNames, family.name],
        labelValues: [...p.labelValues, p.states[s]],
      };
      points.push({
        attributes: attributesOf(labels, c.defaultLabels, family),
        timeMs: p.timestamp ?? c.timeMs,
        value: p.enabled[s] ? 1 : 0,
      });
    }
  }
  return points;
}

/**
 * One family as the OpenTelemetry Prometheus compatibility spec maps it:
 * counters are monotonic sums named as Prometheus stores them (`_total`),
 * gauges and unknown-typed families gauges, histograms explicit-bucket or
 * exponential histograms, summaries summaries, info (`_info`) and stateset
 * families non-monotonic sums. Always cumulative: delta is made from these.
 * A metric declared with an `otlpName` (an OpenTelemetry metric exposed to
 * Prometheus under its translated name) goes under that name, its labels
 * under their `otlpAttributeNames`.
 */
export function otlpMetric(family: MetricFamily, c: MappingContext): OtlpMetric {
  const head = otlpMetricHead(family);
  switch (family.type) {
    case 'counter':
      return counterMetric(family, c);
    case 'histogram':
      return histogramMetric(family, c);
    case 'summary':
      return {
        kind: 'summary',
        ...head,
        points: family.points.map((p) => ({
          attributes: attributesOf(p, c.defaultLabels, family),
          startMs: p.created,
          timeMs: p.timestamp ?? c.timeMs,
          count: p.count,
          sum: p.sum,
          quantiles: p.quantiles,
        })),
      };
    case 'info':
      return {
        kind: 'sum',
        ...head,
        monotonic: false,
        temporality: 'cumulative',
        points: family.points.map((p) => ({
          attributes: attributesOf(p, c.defaultLabels, family),
          timeMs: p.timestamp ?? c.timeMs,
          value: 1,
        })),
      };
    case 'stateset':
      return {
        kind: 'sum',
        ...head,
        monotonic: false,
        temporality: 'cumulative',
        points: stateSetPoints(family, c),
      };
    default:
      return {
        kind: 'gauge',
        ...head,
        points: family.points.map((p) => ({
          attributes: attributesOf(p, c.defaultLabels, family),
          timeMs: p.timestamp ?? c.timeMs,
          value: p.value,
        })),
      };
  }
}
