import { ProtoWriter } from '../../exposition';
import type { LabelSet } from '../../model';
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
  ANY_VALUE,
  EXEMPLAR,
  EXPONENTIAL_BUCKETS,
  EXPONENTIAL_POINT,
  HISTOGRAM_POINT,
  KEY_VALUE,
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
import { nanosHalves } from './unix-nanos';

/** The bytes of a double through a scratch array (no DataView call per value); protobuf's are little-endian. */
const scratch = new Float64Array(1);
const scratchBytes = new Uint8Array(scratch.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Every point of an export shares its time: its nanoseconds are worked out
 * once, and written as a field (one tag byte and eight bytes) in one go.
 */
class TimeWriter {
  private lastMs = Number.NaN;
  private readonly bytes = new Uint8Array(8);

  write(w: ProtoWriter, fieldTag: number, ms: number): void {
    const bytes = this.bytes;
    if (ms !== this.lastMs) {
      const [low, high] = nanosHalves(ms);
      for (let k = 0; k < 4; k++) {
        bytes[k] = (low >>> (8 * k)) & 255;
        bytes[k + 4] = (high >>> (8 * k)) & 255;
      }
      this.lastMs = ms;
    }
    const buf = w.room(9);
    let pos = w.position;
    buf[pos++] = fieldTag;
    for (let k = 0; k < 8; k++) buf[pos++] = bytes[k];
    w.position = pos;
  }
}

/** A double field whose tag is one byte, in one go. */
function doubleField(w: ProtoWriter, fieldTag: number, value: number): void {
  if (!LITTLE_ENDIAN) {
    w.varint(fieldTag);
    w.double(value);
    return;
  }
  scratch[0] = value;
  const buf = w.room(9);
  let pos = w.position;
  buf[pos++] = fieldTag;
  for (let k = 0; k < 8; k++) buf[pos++] = scratchBytes[k];
  w.position = pos;
}

function stringKeyValue(w: ProtoWriter, fieldTag: number, key: string, value: string): void {
  w.varint(fieldTag);
  const kv = w.begin();
  w.varint(KEY_VALUE.key);
  w.string(key);
  w.varint(KEY_VALUE.value);
  const any = w.begin();
  w.varint(ANY_VALUE.string);
  w.string(value);
  w.end(any);
  w.end(kv);
}

/** Writes `text` at `pos` if it is ASCII; the position after it, or -1. */
function asciiAt(buf: Buffer, pos: number, text: string): number {
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c >= 128) return -1;
    buf[pos++] = c;
  }
  return pos;
}

/**
 * The common case of a label, ASCII and short enough that every length fits
 * one byte, written in one go: labels are most of an export's bytes. False
 * (nothing written) for any other.
 */
function shortKeyValue(w: ProtoWriter, fieldTag: number, key: string, value: string): boolean {
  const anyLength = value.length + 2;
  const length = key.length + 2 + anyLength + 2;
  if (length >= 128 || fieldTag >= 128) return false;
  const buf = w.room(length + 2);
  let pos = w.position;
  buf[pos++] = fieldTag;
  buf[pos++] = length;
  buf[pos++] = KEY_VALUE.key;
  buf[pos++] = key.length;
  pos = asciiAt(buf, pos, key);
  if (pos < 0) return false;
  buf[pos++] = KEY_VALUE.value;
  buf[pos++] = anyLength;
  buf[pos++] = ANY_VALUE.string;
  buf[pos++] = value.length;
  pos = asciiAt(buf, pos, value);
  if (pos < 0) return false;
  w.position = pos;
  return true;
}

function attributes(w: ProtoWriter, fieldTag: number, labels: LabelSet): void {
  // Read once: a live series reaches its label names through its metric.
  const { labelNames, labelValues } = labels;
  for (let i = 0; i < labelNames.length; i++) {
    const key = labelNames[i];
    const value = labelValues[i];
    if (!shortKeyValue(w, fieldTag, key, value)) stringKeyValue(w, fieldTag, key, value);
  }
}

class OtlpProtoEncoder {
  private readonly start = new TimeWriter();
  private readonly time = new TimeWriter();

  constructor(private readonly w: ProtoWriter) {}

  private times(p: { startMs?: number; timeMs: number }): void {
    if (p.startMs !== undefined) this.start.write(this.w, POINT_TIME.start, p.startMs);
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

  numberPoint(p: OtlpNumberPoint): void {
    const w = this.w;
    this.times(p);
    doubleField(w, NUMBER_POINT.asDouble, p.value);
    this.exemplars(NUMBER_POINT.exemplars, p.exemplars);
    attributes(w, NUMBER_POINT.attributes, p.attributes);
  }

  histogramPoint(p: OtlpHistogramPoint): void {
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

  exponentialPoint(p: OtlpExponentialPoint): void {
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

  summaryPoint(p: OtlpSummaryPoint): void {
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
    for (const p of points) {
      w.varint(AGGREGATE.dataPoints);
      const at = w.begin();
      write.call(this, p);
      w.end(at);
    }
  }

  /** Sums' and gauges' points: most of an export, so called directly rather than through `points`. */
  private numberPoints(points: readonly OtlpNumberPoint[]): void {
    const w = this.w;
    for (let i = 0; i < points.length; i++) {
      w.varint(AGGREGATE.dataPoints);
      const at = w.begin();
      this.numberPoint(points[i]);
      w.end(at);
    }
  }

  metric(m: OtlpMetric): void {
    const w = this.w;
    w.varint(METRIC.name);
    w.string(m.name);
    if (m.description) {
      w.varint(METRIC.description);
      w.string(m.description);
    }
    if (m.unit) {
      w.varint(METRIC.unit);
      w.string(m.unit);
    }
    switch (m.kind) {
      case 'gauge': {
        w.varint(METRIC.gauge);
        const at = w.begin();
        this.numberPoints(m.points);
        w.end(at);
        break;
      }
      case 'sum': {
        w.varint(METRIC.sum);
        const at = w.begin();
        this.numberPoints(m.points);
        w.varint(AGGREGATE.temporality);
        w.varint(TEMPORALITY[m.temporality]);
        if (m.monotonic) {
          w.varint(AGGREGATE.isMonotonic);
          w.varint(1);
        }
        w.end(at);
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

/** An `ExportMetricsServiceRequest` in protobuf, written with promkit's own protobuf writer. */
export function encodeOtlpProtobuf(data: OtlpExport, sizeHint?: number): Buffer {
  const w = new ProtoWriter(sizeHint);
  const encoder = new OtlpProtoEncoder(w);
  w.varint(REQUEST.resourceMetrics);
  const resourceMetrics = w.beginWide();
  w.varint(RESOURCE_METRICS.resource);
  const resource = w.begin();
  attributes(w, RESOURCE.attributes, data.resource);
  w.end(resource);
  w.varint(RESOURCE_METRICS.scopeMetrics);
  const scopeMetrics = w.beginWide();
  w.varint(SCOPE_METRICS.scope);
  const scope = w.begin();
  w.varint(SCOPE.name);
  w.string(data.scopeName);
  w.end(scope);
  for (const metric of data.metrics) {
    w.varint(SCOPE_METRICS.metrics);
    const at = w.beginWide();
    encoder.metric(metric);
    w.endWide(at);
  }
  w.endWide(scopeMetrics);
  w.endWide(resourceMetrics);
  return w.finish();
}
