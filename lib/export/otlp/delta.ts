import { mergeNativeHistograms, type NativeHistogramData } from '../../core';
import type { LabelSet } from '../../model';
import type {
  OtlpBuckets,
  OtlpExponentialPoint,
  OtlpHistogramPoint,
  OtlpMetric,
  OtlpNumberPoint,
} from './otlp-data';

type CumulativePoint = OtlpNumberPoint | OtlpHistogramPoint | OtlpExponentialPoint;

interface LastSeen<P extends CumulativePoint> {
  readonly point: P;
  /** The start of the series as the point gave it: a new one means the series was reset. */
  readonly startMs: number | undefined;
}

function seriesKey(metric: string, attributes: LabelSet): string {
  const { labelNames, labelValues } = attributes;
  let key = metric;
  for (let i = 0; i < labelNames.length; i++) key += `\u0000${labelNames[i]}\u0001${labelValues[i]}`;
  return key;
}

/** OTLP buckets back in Prometheus' indexing, to reuse its merge for a change of scale. */
function nativeOf(p: OtlpExponentialPoint): NativeHistogramData {
  const runOf = (b: OtlpBuckets) =>
    b.counts.length ? [{ offset: b.offset + 1, counts: [...b.counts] }] : [];
  return {
    schema: p.scale,
    zeroThreshold: p.zeroThreshold,
    zeroCount: p.zeroCount,
    positive: runOf(p.positive),
    negative: runOf(p.negative),
  };
}

function bucketsOf(runs: NativeHistogramData['positive']): OtlpBuckets {
  if (runs.length === 0) return { offset: 0, counts: [] };
  const first = runs[0].offset;
  const last = runs[runs.length - 1].offset + runs[runs.length - 1].counts.length - 1;
  const counts: number[] = new Array(last - first + 1).fill(0);
  for (const run of runs)
    for (let k = 0; k < run.counts.length; k++) counts[run.offset + k - first] += run.counts[k];
  return { offset: first - 1, counts };
}

/** `now - before` bucket by bucket; undefined when a bucket shrank (the series was reset). */
function bucketDelta(now: OtlpBuckets, before: OtlpBuckets): OtlpBuckets | undefined {
  const counts = [...now.counts];
  for (let k = 0; k < before.counts.length; k++) {
    if (before.counts[k] === 0) continue;
    const at = before.offset + k - now.offset;
    if (at < 0 || at >= counts.length || counts[at] < before.counts[k]) return undefined;
    counts[at] -= before.counts[k];
  }
  let from = 0;
  let to = counts.length;
  while (from < to && counts[from] === 0) from++;
  while (to > from && counts[to - 1] === 0) to--;
  return from === to
    ? { offset: 0, counts: [] }
    : { offset: now.offset + from, counts: counts.slice(from, to) };
}

function numberDelta(now: OtlpNumberPoint, before: OtlpNumberPoint): OtlpNumberPoint | undefined {
  if (now.value < before.value) return undefined;
  return { ...now, value: now.value - before.value };
}

function histogramDelta(now: OtlpHistogramPoint, before: OtlpHistogramPoint): OtlpHistogramPoint | undefined {
  if (now.count < before.count || now.bucketCounts.length !== before.bucketCounts.length) return undefined;
  const bucketCounts = new Array<number>(now.bucketCounts.length);
  for (let i = 0; i < bucketCounts.length; i++) {
    bucketCounts[i] = now.bucketCounts[i] - before.bucketCounts[i];
    if (bucketCounts[i] < 0) return undefined;
  }
  return { ...now, count: now.count - before.count, sum: now.sum - before.sum, bucketCounts };
}

function exponentialDelta(
  now: OtlpExponentialPoint,
  before: OtlpExponentialPoint,
): OtlpExponentialPoint | undefined {
  if (now.count < before.count || now.scale > before.scale) return undefined;
  let previous = before;
  if (now.scale !== before.scale || now.zeroThreshold !== before.zeroThreshold) {
    // promkit lowers a native histogram's resolution as it grows: bring the
    // previous buckets to the current scale and zero bucket before subtracting.
    const empty: NativeHistogramData = {
      schema: now.scale,
      zeroThreshold: now.zeroThreshold,
      zeroCount: 0,
      positive: [],
      negative: [],
    };
    const merged = mergeNativeHistograms(nativeOf(before), empty);
    if (merged.schema !== now.scale || merged.zeroThreshold !== now.zeroThreshold) return undefined;
    previous = {
      ...before,
      scale: merged.schema,
      zeroThreshold: merged.zeroThreshold,
      zeroCount: merged.zeroCount,
      positive: bucketsOf(merged.positive),
      negative: bucketsOf(merged.negative),
    };
  }
  const positive = bucketDelta(now.positive, previous.positive);
  const negative = bucketDelta(now.negative, previous.negative);
  if (!positive || !negative || now.zeroCount < previous.zeroCount) return undefined;
  return {
    ...now,
    count: now.count - previous.count,
    sum: now.sum - previous.sum,
    zeroCount: now.zeroCount - previous.zeroCount,
    positive,
    negative,
  };
}

/** A point as it is now: a classic histogram's bucket counts are the live series' own array. */
function kept<P extends CumulativePoint>(point: P): P {
  return 'bucketCounts' in point ? { ...point, bucketCounts: Array.from(point.bucketCounts) } : point;
}

function isUnchanged(delta: CumulativePoint): boolean {
  return 'value' in delta ? delta.value === 0 : delta.count === 0;
}

/**
 * Turns cumulative exports into delta ones, as an OpenTelemetry SDK with a
 * delta temporality preference does: monotonic sums and histograms report
 * what changed since the previous export, starting when it was taken; a
 * series seen for the first time, or reset since (its start moved, or a
 * count went down), reports all it has, starting at its own start. Gauges,
 * summaries and non-monotonic sums stay as they are.
 */
export class DeltaTracker {
  private last = new Map<string, LastSeen<CumulativePoint>>();

  toDelta(metrics: readonly OtlpMetric[]): OtlpMetric[] {
    const seen = new Map<string, LastSeen<CumulativePoint>>();
    const out = metrics.map((metric): OtlpMetric => {
      switch (metric.kind) {
        case 'sum':
          if (!metric.monotonic) return metric;
          return {
            ...metric,
            temporality: 'delta',
            points: this.points(metric.name, metric.points, numberDelta, seen),
          };
        case 'histogram':
          return {
            ...metric,
            temporality: 'delta',
            points: this.points(metric.name, metric.points, histogramDelta, seen),
          };
        case 'exponentialHistogram':
          return {
            ...metric,
            temporality: 'delta',
            points: this.points(metric.name, metric.points, exponentialDelta, seen),
          };
        default:
          return metric;
      }
    });
    // Series that are gone are forgotten: one that comes back starts afresh.
    this.last = seen;
    return out.filter((metric) => metric.points.length > 0);
  }

  private points<P extends CumulativePoint>(
    metric: string,
    points: readonly P[],
    difference: (now: P, before: P) => P | undefined,
    seen: Map<string, LastSeen<CumulativePoint>>,
  ): P[] {
    const out: P[] = [];
    for (const point of points) {
      const key = seriesKey(metric, point.attributes);
      const before = this.last.get(key) as LastSeen<P> | undefined;
      seen.set(key, { point: kept(point), startMs: point.startMs });
      const delta =
        before !== undefined && before.startMs === point.startMs
          ? difference(point, before.point)
          : undefined;
      if (delta === undefined) out.push(point);
      // A series that saw nothing since the previous export is left out, as the SDK leaves it out.
      else if (!isUnchanged(delta)) out.push({ ...delta, startMs: before!.point.timeMs });
    }
    return out;
  }
}
