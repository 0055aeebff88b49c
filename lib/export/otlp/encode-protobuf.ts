import { ProtoWriter } from '../../exposition';
import {
  type CounterFamily,
  type GaugeFamily,
  type LabelSet,
  labelValueAt,
  type MetricFamily,
  NO_LABEL_SET,
  type UnknownFamily,
} from '../../model';
import { otlpExemplar } from './exemplars';
import { attributes, doubleField, LITTLE_ENDIAN, stringKeyValue, TimeWriter } from './field-writers';
import { type MappingContext, otlpMetric, otlpMetricHead } from './map-families';
import { CHANGED, NumberPointMemo, POINT_SHAPE } from './number-point-memo';
import type {
  OtlpBuckets,
  OtlpExemplar,
  OtlpExponentialPoint,
  OtlpExport,
  OtlpHistogramPoint,
  OtlpMetric,
  OtlpNumberPoint,
  OtlpSummaryPoint,
} from './otlp-data';
import { TEMPORALITY } from './otlp-data';
import {
  AGGREGATE,
  EXEMPLAR,
  EXPONENTIAL_BUCKETS,
  EXPONENTIAL_POINT,
  HISTOGRAM_POINT,
  METRIC,
  NUMBER_POINT,
  POINT_TIME,
  REQUEST,
  RESOURCE,
  RESOURCE_METRICS,
  SCOPE,
  SCOPE_METRICS,
  SUMMARY_POINT,
  VALUE_AT_QUANTILE,
} from './otlp-fields';
import { isTargetInfo } from './resource';

const NO_PAYLOAD = Buffer.alloc(0);

/** The header of an export: its resource and scope. */
export type OtlpRequestHead = Pick<OtlpExport, 'resource' | 'scopeName'>;

/** An encoded export and its data points (what the delivery queue counts). */
export interface EncodedExport {
  readonly body: Buffer;
  readonly dataPoints: number;
}

/**
 * Writes `ExportMetricsServiceRequest`s in protobuf with promkit's own
 * protobuf writer, one export after another. Sums and gauges, most of an
 * export, are written straight from the collected families, and a data point
 * whose labels did not change since the previous export is copied from that
 * export's payload (in runs of consecutive points) with its times and value
 * written over: see NumberPointMemo. The buffer is sized by the previous one.
 */
export class OtlpProtobufEncoder {
  private readonly startTime = new TimeWriter();
  private readonly time = new TimeWriter();
  private w = new ProtoWriter(0);
  private dataPoints = 0;
  private memos = new Map<string, NumberPointMemo>();
  private nextMemos = new Map<string, NumberPointMemo>();
  private memo = new NumberPointMemo();
  private previous: Buffer = NO_PAYLOAD;
  /** The default labels the memos' points were written with: when they change, every point is written afresh. */
  private defaults = NO_LABEL_SET;
  /** Where the open ResourceMetrics and ScopeMetrics lengths go. */
  private resourceMetrics = 0;
  private scopeMetrics = 0;
  /** Between begin and finish: an export that threw leaves it set. */
  private writing = false;

  // The run of reused points not copied yet: the previous payload's bytes [runFrom, runTo) go to runAt.
  private runFrom = 0;
  private runTo = -1;
  private runAt = 0;
  /** The memo's index of the run's first point: the run ends at the memo's latest point. */
  private runFirst = 0;

  /** An export mapped beforehand (delta temporality): its attributes hold the default labels already. */
  encode(data: OtlpExport): EncodedExport {
    this.begin(data, undefined);
    for (const metric of data.metrics) {
      const at = this.beginMetric();
      this.metric(metric);
      this.w.endWide(at);
    }
    return this.finish();
  }

  /**
   * The families of a collection, as `otlpMetric` maps them (cumulative),
   * `target_info` left out: its labels are in the resource of `head`.
   */
  encodeFamilies(head: OtlpRequestHead, families: readonly MetricFamily[], c: MappingContext): EncodedExport {
    this.begin(head, c.defaultLabels);
    for (const family of families) {
      if (family.points.length === 0 || isTargetInfo(family)) continue;
      const at = this.beginMetric();
      const isNumber = family.type === 'counter' || family.type === 'gauge' || family.type === 'unknown';
      // A metric with an OpenTelemetry name renames its labels and leaves out empty ones: mapped first.
      if (isNumber && family.otlpName === undefined) this.familyNumbers(family, c);
      else this.metric(otlpMetric(family, c));
      this.w.endWide(at);
    }
    return this.finish();
  }

  private begin(head: OtlpRequestHead, defaults: LabelSet | undefined): void {
    const w = new ProtoWriter(this.previous.length || undefined);
    this.w = w;
    this.dataPoints = 0;
    // An export that threw half way left its memos pointing into a payload that never was.
    if (this.writing) this.memos.clear();
    this.writing = true;
    this.runTo = -1;
    // A memo compares a point's own labels: written with other default labels, its bytes differ.
    const d = defaults ?? NO_LABEL_SET;
    if (!sameLabels(d, this.defaults)) {
      this.memos.clear();
      this.defaults = { labelNames: [...d.labelNames], labelValues: [...d.labelValues] };
    }
    w.varint(REQUEST.resourceMetrics);
    // Wide lengths here and around each metric and its Sum or Gauge: no point moves once
    // written, so the positions the memos keep are those in the body.
    this.resourceMetrics = w.beginWide();
    w.varint(RESOURCE_METRICS.resource);
    const resource = w.begin();
    attributes(w, RESOURCE.attributes, head.resource);
    w.end(resource);
    w.varint(RESOURCE_METRICS.scopeMetrics);
    this.scopeMetrics = w.beginWide();
    w.varint(SCOPE_METRICS.scope);
    const scope = w.begin();
    w.varint(SCOPE.name);
    w.string(head.scopeName);
    w.end(scope);
    this.nextMemos.clear();
  }

  private beginMetric(): number {
    this.w.varint(SCOPE_METRICS.metrics);
    return this.w.beginWide();
  }

  private finish(): EncodedExport {
    const w = this.w;
    w.endWide(this.scopeMetrics);
    w.endWide(this.resourceMetrics);
    const body = w.finish();
    // A metric left out of this export is forgotten with its points.
    [this.memos, this.nextMemos] = [this.nextMemos, this.memos];
    for (const memo of this.memos.values()) memo.commit();
    this.nextMemos.clear();
    this.previous = body;
    this.writing = false;
    return { body, dataPoints: this.dataPoints };
  }

  /** The memo of the sum or gauge about to be written. */
  private useMemo(name: string): void {
    // The registry keeps names unique; were one to come twice, its second metric is written afresh.
    const memo = this.nextMemos.has(name)
      ? new NumberPointMemo()
      : (this.memos.get(name) ?? new NumberPointMemo());
    memo.begin();
    if (!this.nextMemos.has(name)) this.nextMemos.set(name, memo);
    this.memo = memo;
  }

  private head(name: string, description: string, unit: string): void {
    const w = this.w;
    w.varint(METRIC.name);
    w.string(name);
    if (description) {
      w.varint(METRIC.description);
      w.string(description);
    }
    if (unit) {
      w.varint(METRIC.unit);
      w.string(unit);
    }
  }

  /** A counter, gauge or unknown-typed family, point by point with no OTLP point made for it. */
  private familyNumbers(family: CounterFamily | GaugeFamily | UnknownFamily, c: MappingContext): void {
    const w = this.w;
    const { name, description, unit, prometheusType } = otlpMetricHead(family);
    this.head(name, description, unit);
    const isCounter = family.type === 'counter';
    w.varint(isCounter ? METRIC.sum : METRIC.gauge);
    const at = w.beginWide();
    this.useMemo(name);
    if (family.type === 'counter') this.counterPoints(family, c);
    else this.gaugePoints(family, c);
    this.flushRun();
    if (isCounter) {
      w.varint(AGGREGATE.temporality);
      w.varint(TEMPORALITY.cumulative);
      w.varint(AGGREGATE.isMonotonic);
      w.varint(1);
    }
    w.endWide(at);
    stringKeyValue(w, METRIC.metadata, 'prometheus.type', prometheusType);
  }

  // The loops over a family's points are functions of their own: V8 optimizes
  // a long loop while it runs, and code after it in the same function would
  // then have no type feedback yet and throw that optimized code away.
  private counterPoints(family: CounterFamily, c: MappingContext): void {
    const { points } = family;
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      const exemplars = p.exemplar ? [otlpExemplar(p.exemplar)] : undefined;
      this.numberPoint(p, c.defaultLabels, p.created, p.timestamp ?? c.timeMs, p.value, exemplars);
    }
  }

  private gaugePoints(family: GaugeFamily | UnknownFamily, c: MappingContext): void {
    const { points } = family;
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      this.numberPoint(p, c.defaultLabels, undefined, p.timestamp ?? c.timeMs, p.value, undefined);
    }
  }

  /**
   * One data point of a sum or gauge (`labels`, then the `defaults` they
   * lack): the previous export's bytes when its labels are unchanged, else
   * written afresh.
   */
  private numberPoint(
    labels: LabelSet,
    defaults: LabelSet | undefined,
    startMs: number | undefined,
    timeMs: number,
    value: number,
    exemplars: readonly OtlpExemplar[] | undefined,
  ): void {
    this.dataPoints++;
    const memo = this.memo;
    const k = memo.next;
    const shape =
      exemplars !== undefined || !LITTLE_ENDIAN
        ? POINT_SHAPE.unique
        : startMs === undefined
          ? POINT_SHAPE.timeAndValue
          : POINT_SHAPE.startTimeAndValue;
    const from = memo.reusableAt(k, labels, shape);
    if (from >= 0) {
      if (from !== this.runTo) {
        this.flushRun();
        this.runFrom = from;
        this.runTo = from;
        this.runAt = this.w.position;
        this.runFirst = k;
      }
      memo.kept(k, this.runAt + from - this.runFrom, startMs ?? Number.NaN, timeMs, value);
      this.runTo += memo.lengthOf(k);
      return;
    }
    this.flushRun();
    const w = this.w;
    const start = w.position;
    w.varint(AGGREGATE.dataPoints);
    const at = w.begin();
    if (startMs !== undefined) this.startTime.write(w, POINT_TIME.start, startMs);
    this.time.write(w, POINT_TIME.time, timeMs);
    doubleField(w, NUMBER_POINT.asDouble, value);
    this.exemplars(NUMBER_POINT.exemplars, exemplars);
    attributes(w, NUMBER_POINT.attributes, labels, defaults);
    const contentLength = w.position - at - 1;
    w.end(at);
    const end = w.position;
    const header = end - contentLength - start;
    memo.written(k, labels, shape, start, header, end, startMs ?? Number.NaN, timeMs, value);
  }

  /**
   * Copies the pending run of reused points from the previous payload, then
   * writes over each what changed: its time, and its value and start time
   * when they did.
   */
  private flushRun(): void {
    if (this.runTo < 0) return;
    const length = this.runTo - this.runFrom;
    const buf = this.w.room(length);
    this.previous.copy(buf, this.runAt, this.runFrom, this.runTo);
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const { memo, startTime, time } = this;
    const { starts, headers, changed, startMs, timeMs, value } = memo;
    const last = memo.next;
    for (let k = this.runFirst; k < last; k++) {
      // Past the tag of the first fixed field: start time (when the shape has it), time, value.
      let pos = starts[k] + headers[k] + 1;
      const c = changed[k];
      if (!Number.isNaN(startMs[k])) {
        if ((c & CHANGED.start) !== 0) startTime.put(view, pos, startMs[k]);
        pos += 9;
      }
      time.put(view, pos, timeMs[k]);
      if ((c & CHANGED.value) !== 0) view.setFloat64(pos + 9, value[k], true);
    }
    this.w.position = this.runAt + length;
    this.runTo = -1;
  }

  private times(p: { startMs?: number; timeMs: number }): void {
    if (p.startMs !== undefined) this.startTime.write(this.w, POINT_TIME.start, p.startMs);
    this.time.write(this.w, POINT_TIME.time, p.timeMs);
  }

  private exemplars(fieldTag: number, exemplars: readonly OtlpExemplar[] | undefined): void {
    if (exemplars === undefined) return;
    const w = this.w;
    for (const e of exemplars) {
      w.varint(fieldTag);
      const at = w.begin();
      if (e.timeMs !== undefined) this.time.write(w, EXEMPLAR.time, e.timeMs);
      doubleField(w, EXEMPLAR.asDouble, e.value);
      if (e.spanId) {
        w.varint(EXEMPLAR.spanId);
        w.bytes(e.spanId);
      }
      if (e.traceId) {
        w.varint(EXEMPLAR.traceId);
        w.bytes(e.traceId);
      }
      attributes(w, EXEMPLAR.filteredAttributes, e.attributes);
      w.end(at);
    }
  }

  private histogramPoint(p: OtlpHistogramPoint): void {
    const w = this.w;
    this.times(p);
    w.varint(HISTOGRAM_POINT.count);
    w.fixed64(p.count);
    doubleField(w, HISTOGRAM_POINT.sum, p.sum);
    w.varint(HISTOGRAM_POINT.bucketCounts);
    w.varint(p.bucketCounts.length * 8);
    for (let i = 0; i < p.bucketCounts.length; i++) w.fixed64(p.bucketCounts[i]);
    if (p.explicitBounds.length > 0) {
      w.varint(HISTOGRAM_POINT.explicitBounds);
      w.varint(p.explicitBounds.length * 8);
      for (const bound of p.explicitBounds) w.double(bound);
    }
    this.exemplars(HISTOGRAM_POINT.exemplars, p.exemplars);
    attributes(w, HISTOGRAM_POINT.attributes, p.attributes);
  }

  private buckets(fieldTag: number, b: OtlpBuckets): void {
    const w = this.w;
    w.varint(fieldTag);
    const at = w.begin();
    w.varint(EXPONENTIAL_BUCKETS.offset);
    w.zigzag(b.offset);
    if (b.counts.length > 0) {
      w.varint(EXPONENTIAL_BUCKETS.bucketCounts);
      const packed = w.begin();
      for (const count of b.counts) w.varint(count);
      w.end(packed);
    }
    w.end(at);
  }

  private exponentialPoint(p: OtlpExponentialPoint): void {
    const w = this.w;
    attributes(w, EXPONENTIAL_POINT.attributes, p.attributes);
    this.times(p);
    w.varint(EXPONENTIAL_POINT.count);
    w.fixed64(p.count);
    doubleField(w, EXPONENTIAL_POINT.sum, p.sum);
    w.varint(EXPONENTIAL_POINT.scale);
    w.zigzag(p.scale);
    w.varint(EXPONENTIAL_POINT.zeroCount);
    w.fixed64(p.zeroCount);
    this.buckets(EXPONENTIAL_POINT.positive, p.positive);
    this.buckets(EXPONENTIAL_POINT.negative, p.negative);
    this.exemplars(EXPONENTIAL_POINT.exemplars, p.exemplars);
    doubleField(w, EXPONENTIAL_POINT.zeroThreshold, p.zeroThreshold);
  }

  private summaryPoint(p: OtlpSummaryPoint): void {
    const w = this.w;
    this.times(p);
    w.varint(SUMMARY_POINT.count);
    w.fixed64(p.count);
    doubleField(w, SUMMARY_POINT.sum, p.sum);
    for (const q of p.quantiles) {
      w.varint(SUMMARY_POINT.quantileValues);
      const at = w.begin();
      doubleField(w, VALUE_AT_QUANTILE.quantile, q.quantile);
      doubleField(w, VALUE_AT_QUANTILE.value, q.value);
      w.end(at);
    }
    attributes(w, SUMMARY_POINT.attributes, p.attributes);
  }

  private points<P>(points: readonly P[], write: (p: P) => void): void {
    const w = this.w;
    this.dataPoints += points.length;
    for (const p of points) {
      w.varint(AGGREGATE.dataPoints);
      const at = w.begin();
      write.call(this, p);
      w.end(at);
    }
  }

  private numberPoints(name: string, points: readonly OtlpNumberPoint[]): void {
    this.useMemo(name);
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      this.numberPoint(p.attributes, undefined, p.startMs, p.timeMs, p.value, p.exemplars);
    }
    this.flushRun();
  }

  /** A metric mapped beforehand, its attributes with the default labels already in. */
  private metric(m: OtlpMetric): void {
    const w = this.w;
    this.head(m.name, m.description, m.unit);
    switch (m.kind) {
      case 'gauge': {
        w.varint(METRIC.gauge);
        const at = w.beginWide();
        this.numberPoints(m.name, m.points);
        w.endWide(at);
        break;
      }
      case 'sum': {
        w.varint(METRIC.sum);
        const at = w.beginWide();
        this.numberPoints(m.name, m.points);
        w.varint(AGGREGATE.temporality);
        w.varint(TEMPORALITY[m.temporality]);
        if (m.monotonic) {
          w.varint(AGGREGATE.isMonotonic);
          w.varint(1);
        }
        w.endWide(at);
        break;
      }
      case 'histogram': {
        w.varint(METRIC.histogram);
        const at = w.begin();
        this.points(m.points, this.histogramPoint);
        w.varint(AGGREGATE.temporality);
        w.varint(TEMPORALITY[m.temporality]);
        w.end(at);
        break;
      }
      case 'exponentialHistogram': {
        w.varint(METRIC.exponentialHistogram);
        const at = w.begin();
        this.points(m.points, this.exponentialPoint);
        w.varint(AGGREGATE.temporality);
        w.varint(TEMPORALITY[m.temporality]);
        w.end(at);
        break;
      }
      case 'summary': {
        w.varint(METRIC.summary);
        const at = w.begin();
        this.points(m.points, this.summaryPoint);
        w.end(at);
        break;
      }
    }
    stringKeyValue(w, METRIC.metadata, 'prometheus.type', m.prometheusType);
  }
}

function sameLabels(a: LabelSet, b: LabelSet): boolean {
  const n = a.labelNames.length;
  if (n !== b.labelNames.length) return false;
  for (let i = 0; i < n; i++)
    if (a.labelNames[i] !== b.labelNames[i] || labelValueAt(a, i) !== labelValueAt(b, i)) return false;
  return true;
}
