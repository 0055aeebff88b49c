/**
 * What each metric type is made of, in one table: the suffix its declared
 * name may carry, the suffixes of its samples, the label it adds to them, and
 * how a point of it becomes samples. Readers of families that are not
 * exposition formats (plain samples, prom-client's `get()`, bridges, checks)
 * walk points through here instead of each switching on the type, so a type
 * is described once.
 *
 * The writers of the exposition formats keep their own per-type code: each
 * format writes each type its own way, on the scrape's hot path.
 */

import type {
  CounterPoint,
  Exemplar,
  GaugePoint,
  HistogramPoint,
  InfoPoint,
  MetricFamily,
  MetricType,
  StateSetPoint,
  SummaryPoint,
} from './metric-family';
import {
  BUCKET_SUFFIX,
  COUNT_SUFFIX,
  CREATED_SUFFIX,
  INFO_SUFFIX,
  SUM_SUFFIX,
  TOTAL_SUFFIX,
} from './sample-names';

/** Which of a point's values a sample is. */
export type SampleKind = 'value' | 'bucket' | 'quantile' | 'state' | 'count' | 'sum' | 'created';

/** One sample of a point, as the exposition has it, before any format writes it. */
export interface PointSample {
  readonly kind: SampleKind;
  /** Appended to the family name (a counter's without `_total`, an info's without `_info`). */
  readonly suffix: string;
  readonly value: number;
  /** The label this type adds to the sample: `le`, `quantile`, or a state set's name. */
  readonly label?: string;
  /** That label's value unwritten: a bucket's upper bound (`Infinity` for +Inf), a quantile, a state. */
  readonly labelValue?: number | string;
  readonly exemplar?: Exemplar;
  readonly timestamp?: number;
}

/** Receives each sample of a family, with the point it belongs to. */
export type SampleVisitor = (sample: PointSample, point: MetricFamily['points'][number]) => void;

/** The label a type adds to its samples: fixed, or the family's own name (a state set's states). */
export type PointLabel = 'le' | 'quantile' | 'family name' | undefined;

export interface MetricTypeTraits<P> {
  /**
   * The suffix of the sample that carries the value (`_total`, `_info`, or
   * none), which a declared name may already end in and the family name drops.
   */
  readonly valueSuffix: string;
  /** Every suffix its samples take besides `valueSuffix`, as OpenMetrics names them. */
  readonly sampleSuffixes: readonly string[];
  /** The label its samples add, reserved for it in the points' own labels. */
  readonly pointLabel: PointLabel;
  /** Whether a point carries the count and sum of observations. */
  readonly observations: boolean;
  /** Each sample of one point, in the order the text exposition writes them; `_created` when asked for. */
  samples(point: P, familyName: string, visit: (sample: PointSample) => void, withCreated: boolean): void;
}

function created(visit: (sample: PointSample) => void, p: { created?: number }, withCreated: boolean): void {
  if (withCreated && p.created !== undefined)
    visit({ kind: 'created', suffix: CREATED_SUFFIX, value: p.created / 1000 });
}

function observations(
  visit: (sample: PointSample) => void,
  p: { count: number; sum: number; created?: number },
  withCreated: boolean,
): void {
  visit({ kind: 'sum', suffix: SUM_SUFFIX, value: p.sum });
  visit({ kind: 'count', suffix: COUNT_SUFFIX, value: p.count });
  created(visit, p, withCreated);
}

function gaugeLike(p: GaugePoint, _name: string, visit: (sample: PointSample) => void): void {
  visit({ kind: 'value', suffix: '', value: p.value, timestamp: p.timestamp });
}

/** The table itself, typed so that every metric type must be described. */
export const METRIC_TYPES: {
  readonly counter: MetricTypeTraits<CounterPoint>;
  readonly gauge: MetricTypeTraits<GaugePoint>;
  readonly unknown: MetricTypeTraits<GaugePoint>;
  readonly histogram: MetricTypeTraits<HistogramPoint>;
  readonly summary: MetricTypeTraits<SummaryPoint>;
  readonly info: MetricTypeTraits<InfoPoint>;
  readonly stateset: MetricTypeTraits<StateSetPoint>;
} = {
  counter: {
    valueSuffix: TOTAL_SUFFIX,
    sampleSuffixes: [CREATED_SUFFIX],
    pointLabel: undefined,
    observations: false,
    samples(p, _name, visit, withCreated) {
      visit({
        kind: 'value',
        suffix: TOTAL_SUFFIX,
        value: p.value,
        exemplar: p.exemplar,
        timestamp: p.timestamp,
      });
      created(visit, p, withCreated);
    },
  },
  gauge: {
    valueSuffix: '',
    sampleSuffixes: [],
    pointLabel: undefined,
    observations: false,
    samples: gaugeLike,
  },
  unknown: {
    valueSuffix: '',
    sampleSuffixes: [],
    pointLabel: undefined,
    observations: false,
    samples: gaugeLike,
  },
  histogram: {
    valueSuffix: '',
    sampleSuffixes: [BUCKET_SUFFIX, COUNT_SUFFIX, SUM_SUFFIX, CREATED_SUFFIX],
    pointLabel: 'le',
    observations: true,
    samples(p, _name, visit, withCreated) {
      const bounds = p.upperBounds;
      let cumulative = 0;
      for (let i = 0; i <= bounds.length; i++) {
        cumulative += p.bucketCounts[i];
        visit({
          kind: 'bucket',
          suffix: BUCKET_SUFFIX,
          value: cumulative,
          label: 'le',
          labelValue: i < bounds.length ? bounds[i] : Number.POSITIVE_INFINITY,
          exemplar: p.exemplars?.[i],
        });
      }
      observations(visit, p, withCreated);
    },
  },
  summary: {
    valueSuffix: '',
    sampleSuffixes: [COUNT_SUFFIX, SUM_SUFFIX, CREATED_SUFFIX],
    pointLabel: 'quantile',
    observations: true,
    samples(p, _name, visit, withCreated) {
      // Read once: a live summary series computes its quantiles when asked.
      for (const q of p.quantiles) {
        visit({ kind: 'quantile', suffix: '', value: q.value, label: 'quantile', labelValue: q.quantile });
      }
      observations(visit, p, withCreated);
    },
  },
  info: {
    valueSuffix: INFO_SUFFIX,
    sampleSuffixes: [],
    pointLabel: undefined,
    observations: false,
    samples(_p, _name, visit) {
      visit({ kind: 'value', suffix: INFO_SUFFIX, value: 1 });
    },
  },
  stateset: {
    valueSuffix: '',
    sampleSuffixes: [],
    pointLabel: 'family name',
    observations: false,
    samples(p, name, visit) {
      for (let i = 0; i < p.states.length; i++) {
        visit({
          kind: 'state',
          suffix: '',
          value: p.enabled[i] ? 1 : 0,
          label: name,
          labelValue: p.states[i],
        });
      }
    },
  },
};

/** The traits of a type; undefined for a string that names none (a parsed `untyped`, a foreign type). */
export function traitsOf(type: string): MetricTypeTraits<MetricFamily['points'][number]> | undefined {
  return Object.hasOwn(METRIC_TYPES, type)
    ? (METRIC_TYPES[type as MetricType] as MetricTypeTraits<MetricFamily['points'][number]>)
    : undefined;
}

/**
 * The family name of a metric declared as `name`: a counter's without `_total`,
 * an info's without `_info` (both optional when declaring, as in the Python
 * client), any other type's as declared.
 */
export function familyNameOf(type: string, name: string): string {
  const suffix = traitsOf(type)?.valueSuffix ?? '';
  return suffix !== '' && name.endsWith(suffix) ? name.slice(0, -suffix.length) : name;
}

/**
 * The sample a family's value is written under: a counter's `_total`, an
 * info's `_info`, any other type's bare family name. Protobuf names a whole
 * family so.
 */
export function valueSampleName(type: string, family: string): string {
  return family + (traitsOf(type)?.valueSuffix ?? '');
}

/**
 * The suffixes of each OpenMetrics type's samples (besides the bare family
 * name, which gauges, unknowns, statesets and summary quantiles use). Keyed
 * by the OpenMetrics type name, so `gaugehistogram` is here although promkit
 * never writes one: parsers meet it.
 */
export const SAMPLE_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(
    Object.entries(METRIC_TYPES as Record<string, MetricTypeTraits<unknown>>)
      .map(([type, traits]) => [type, suffixesOf(traits)] as const)
      .filter(([, suffixes]) => suffixes.length > 0),
  ),
  gaugehistogram: [BUCKET_SUFFIX, '_gcount', '_gsum'],
};

function suffixesOf(traits: MetricTypeTraits<unknown>): string[] {
  return traits.valueSuffix === ''
    ? [...traits.sampleSuffixes]
    : [traits.valueSuffix, ...traits.sampleSuffixes];
}

/** Whether a sample belongs to a family of this OpenMetrics type and name. */
export function isSampleOf(type: string, family: string, sample: string): boolean {
  if (sample === family) return true;
  const suffixes = SAMPLE_SUFFIXES[type] ?? [];
  return suffixes.some((suffix) => sample === family + suffix);
}

/** Every sample name a family of this type and name can expose, for duplicate detection. */
export function sampleNamesOf(type: MetricType, family: string): string[] {
  const suffixes = SAMPLE_SUFFIXES[type];
  return suffixes === undefined ? [family] : [family, ...suffixes.map((suffix) => family + suffix)];
}

/**
 * Every sample of a family, point by point, named by their suffix on
 * `familyNameOf`; `_created` only when asked for.
 */
export function forEachSample(
  family: MetricFamily,
  visit: SampleVisitor,
  options: { created?: boolean } = {},
): void {
  const traits = METRIC_TYPES[family.type] as MetricTypeTraits<MetricFamily['points'][number]>;
  const withCreated = options.created === true;
  for (const point of family.points) {
    traits.samples(point, family.name, (sample) => visit(sample, point), withCreated);
  }
}

/** The label a family's points may not carry themselves, as its samples add it; undefined when none. */
export function reservedPointLabel(type: string, familyName: string): string | undefined {
  const label = traitsOf(type)?.pointLabel;
  return label === 'family name' ? familyName : label;
}
