import {
  type CounterPoint,
  type Exemplar,
  endsWithUnit,
  familyNameOf,
  type HistogramPoint,
  isValidExemplar,
  type LabelSet,
  labelValueAt,
  type MetricFamily,
  type SummaryPoint,
  valueSampleName,
} from '../../model';
import { PROTOBUF_CONTENT_TYPE } from '../content-type';
import type { ExpositionWriter, FormatWriter } from '../exposition-writer';
import { NameRendering } from '../name-rendering';
import type { WriteOptions } from '../write-options';
import {
  BUCKET,
  EXEMPLAR,
  FAMILY,
  HISTOGRAM,
  LABEL_PAIR,
  METRIC,
  METRIC_TYPE,
  QUANTILE,
  SUMMARY,
  TIMESTAMP,
  VALUE,
} from './fields';
import { writeNativeFields } from './native-encoding';
import { ProtoWriter } from './proto-writer';

/**
 * Prometheus' protobuf exposition: length-delimited `io.prometheus.client.MetricFamily`
 * messages. It is the only format that carries native histograms; it also
 * carries created timestamps and exemplars of every kind. Info and stateset
 * families have no protobuf type and become gauges (`foo_info 1`, one series
 * per state), as client_java writes them.
 */

/**
 * The name each family type goes by in protobuf, where the name is also the
 * sample name. A counter's ends in `_total`, as in OpenMetrics: Prometheus asks
 * for one of the two (protobuf once native histograms are on), and turning
 * native histograms on must not rename a series.
 */
function protobufName(family: MetricFamily): string {
  return valueSampleName(family.type, familyNameOf(family.type, family.name));
}

const TYPES: Record<MetricFamily['type'], number> = {
  counter: METRIC_TYPE.COUNTER,
  gauge: METRIC_TYPE.GAUGE,
  histogram: METRIC_TYPE.HISTOGRAM,
  summary: METRIC_TYPE.SUMMARY,
  unknown: METRIC_TYPE.UNTYPED,
  info: METRIC_TYPE.GAUGE,
  stateset: METRIC_TYPE.GAUGE,
};

/** A count as uint64 when it is one; callers with a float field use it otherwise. */
function isCount(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER;
}

/** The nearest uint64 to a count that is not one (only custom collectors produce such counts). */
function nearestCount(v: number): number {
  return v > 0 ? Math.min(Math.round(v), Number.MAX_SAFE_INTEGER) : 0;
}

class ProtobufExposition implements ExpositionWriter<Uint8Array> {
  private readonly w: ProtoWriter;
  /** The family message being written, so a family written in pieces stays one message. */
  private open: { family: MetricFamily; start: number } | undefined;
  private readonly defaults: LabelSet | undefined;
  /** Protobuf carries UTF-8 names as they are; other schemes escape them. */
  private readonly names: NameRendering | undefined;

  constructor(options?: WriteOptions) {
    this.w = new ProtoWriter(options?.sizeHint);
    const escaping = options?.escaping ?? 'underscores';
    this.names = escaping === 'allow-utf-8' ? undefined : new NameRendering(escaping);
    const defaults = this.names ? this.names.labelSet(options?.defaultLabels) : options?.defaultLabels;
    this.defaults = defaults && defaults.labelNames.length > 0 ? defaults : undefined;
  }

  write(written: MetricFamily, from: number, to: number): void {
    if (from === 0 || this.open?.family !== written) this.startFamily(written);
    if (this.open === undefined) return;
    const family = this.names ? this.names.piece(written, from, to) : written;
    // A view of the piece holds only its points.
    if (family.points !== written.points) {
      to -= from;
      from = 0;
    }
    switch (family.type) {
      case 'counter':
        for (let i = from; i < to; i++) this.counter(family.points[i]);
        break;
      case 'gauge':
      case 'unknown':
        for (let i = from; i < to; i++) {
          const p = family.points[i];
          this.valueMetric(p, family.type === 'gauge' ? METRIC.gauge : METRIC.untyped, p.value);
        }
        break;
      case 'info':
        for (let i = from; i < to; i++) this.valueMetric(family.points[i], METRIC.gauge, 1);
        break;
      case 'stateset':
        for (let i = from; i < to; i++) {
          const p = family.points[i];
          for (let s = 0; s < p.states.length; s++) {
            this.valueMetric(p, METRIC.gauge, p.enabled[s] ? 1 : 0, family.name, p.states[s]);
          }
        }
        break;
      case 'summary':
        for (let i = from; i < to; i++) this.summary(family.points[i]);
        break;
      case 'histogram':
        for (let i = from; i < to; i++) this.histogram(family.points[i]);
        break;
    }
  }

  end(): Uint8Array {
    this.closeFamily();
    return this.w.finish();
  }

  private startFamily(written: MetricFamily): void {
    this.closeFamily();
    // Prometheus (like client_golang) has no use for a family without series.
    if (written.points.length === 0) return;
    const family = this.names ? this.names.renamed(written) : written;
    const w = this.w;
    const start = w.begin(); // the delimiting length prefix
    w.varint(FAMILY.name);
    w.string(protobufName(family));
    w.varint(FAMILY.help);
    w.string(family.help);
    w.varint(FAMILY.type);
    w.varint(TYPES[family.type]);
    const unit = family.unit;
    if (unit && family.type !== 'info' && family.type !== 'stateset' && endsWithUnit(family.name, unit)) {
      w.varint(FAMILY.unit);
      w.string(unit);
    }
    this.open = { family: written, start };
  }

  private closeFamily(): void {
    if (this.open === undefined) return;
    this.w.end(this.open.start);
    this.open = undefined;
  }

  /** Starts a Metric message with its labels (defaults first, unless the series has its own). */
  private beginMetric(labels: LabelSet, extraName?: string, extraValue?: string): number {
    const w = this.w;
    w.varint(FAMILY.metric);
    const start = w.begin();
    const defaults = this.defaults;
    if (defaults !== undefined) {
      const own = labels.labelNames;
      for (let i = 0; i < defaults.labelNames.length; i++) {
        const name = defaults.labelNames[i];
        // The series' own labels and a state set's state label win over a default of the same name.
        if ((own.length === 0 || !own.includes(name)) && name !== extraName)
          this.label(name, defaults.labelValues[i]);
      }
    }
    const labelNames = labels.labelNames;
    for (let i = 0; i < labelNames.length; i++) this.label(labelNames[i], labelValueAt(labels, i));
    if (extraName !== undefined) this.label(extraName, extraValue as string);
    return start;
  }

  private endMetric(start: number, timestamp: number | undefined): void {
    if (timestamp !== undefined) {
      this.w.varint(METRIC.timestampMs);
      this.w.int64(Math.trunc(timestamp));
    }
    this.w.end(start);
  }

  private label(name: string, value: string): void {
    const w = this.w;
    w.varint(METRIC.label);
    const at = w.begin();
    w.varint(LABEL_PAIR.name);
    w.string(name);
    w.varint(LABEL_PAIR.value);
    w.string(value);
    w.end(at);
  }

  private valueMetric(
    p: LabelSet & { timestamp?: number },
    field: number,
    value: number,
    extraName?: string,
    extraValue?: string,
  ): void {
    const w = this.w;
    const metric = this.beginMetric(p, extraName, extraValue);
    w.varint(field);
    const at = w.begin();
    w.varint(VALUE.value);
    w.double(value);
    w.end(at);
    this.endMetric(metric, p.timestamp);
  }

  private counter(p: CounterPoint): void {
    const w = this.w;
    const metric = this.beginMetric(p);
    w.varint(METRIC.counter);
    const at = w.begin();
    w.varint(VALUE.value);
    w.double(p.value);
    this.exemplar(VALUE.exemplar, p.exemplar);
    this.timestamp(VALUE.created, p.created);
    w.end(at);
    this.endMetric(metric, p.timestamp);
  }

  private summary(p: SummaryPoint): void {
    const w = this.w;
    const metric = this.beginMetric(p);
    w.varint(METRIC.summary);
    const at = w.begin();
    w.varint(SUMMARY.sampleCount);
    // Summaries have no float count field.
    w.varint(isCount(p.count) ? p.count : nearestCount(p.count));
    w.varint(SUMMARY.sampleSum);
    w.double(p.sum);
    for (const q of p.quantiles) {
      w.varint(SUMMARY.quantile);
      const qAt = w.begin();
      w.varint(QUANTILE.quantile);
      w.double(q.quantile);
      w.varint(QUANTILE.value);
      w.double(q.value);
      w.end(qAt);
    }
    this.timestamp(SUMMARY.created, p.created);
    w.end(at);
    this.endMetric(metric, p.timestamp);
  }

  private histogram(p: HistogramPoint): void {
    const w = this.w;
    const metric = this.beginMetric(p);
    w.varint(METRIC.histogram);
    const at = w.begin();
    this.count(HISTOGRAM.sampleCount, HISTOGRAM.sampleCountFloat, p.count);
    w.varint(HISTOGRAM.sampleSum);
    w.double(p.sum);
    const bounds = p.upperBounds;
    const counts = p.bucketCounts;
    const exemplars = p.exemplars;
    let cumulative = 0;
    for (let b = 0; b <= bounds.length; b++) {
      cumulative += counts[b] ?? 0;
      const exemplar = exemplars?.[b];
      // The +Inf bucket is implied by the count; it is written only to carry an exemplar.
      if (b === bounds.length && exemplar === undefined) break;
      w.varint(HISTOGRAM.bucket);
      const bAt = w.begin();
      this.count(BUCKET.cumulativeCount, BUCKET.cumulativeCountFloat, cumulative);
      w.varint(BUCKET.upperBound);
      w.double(b < bounds.length ? bounds[b] : Number.POSITIVE_INFINITY);
      this.exemplar(BUCKET.exemplar, exemplar);
      w.end(bAt);
    }
    this.timestamp(HISTOGRAM.created, p.created);
    const native = p.native;
    if (native !== undefined) {
      writeNativeFields(w, native);
      const nativeExemplars = native.exemplars;
      // Native histogram exemplars must carry a timestamp.
      if (nativeExemplars !== undefined) {
        for (const e of nativeExemplars) if (e.timestamp !== undefined) this.exemplar(HISTOGRAM.exemplars, e);
      }
    }
    w.end(at);
    this.endMetric(metric, p.timestamp);
  }

  private count(intField: number, floatField: number, v: number): void {
    if (isCount(v)) {
      this.w.varint(intField);
      this.w.varint(v);
    } else {
      this.w.varint(floatField);
      this.w.double(v);
    }
  }

  /** An Exemplar message, or nothing when it is absent or invalid (losing only the exemplar). */
  private exemplar(field: number, e: Exemplar | undefined): void {
    if (e === undefined || !isValidExemplar(e)) return;
    const w = this.w;
    w.varint(field);
    const at = w.begin();
    for (const name in e.labels) this.label(name, e.labels[name]);
    w.varint(EXEMPLAR.value);
    w.double(e.value);
    this.timestamp(EXEMPLAR.timestamp, e.timestamp);
    w.end(at);
  }

  /** A google.protobuf.Timestamp from milliseconds since the epoch. */
  private timestamp(field: number, ms: number | undefined): void {
    if (ms === undefined || !Number.isFinite(ms)) return;
    const w = this.w;
    const seconds = Math.floor(ms / 1000);
    const nanos = Math.round((ms - seconds * 1000) * 1e6);
    w.varint(field);
    const at = w.begin();
    w.varint(TIMESTAMP.seconds);
    w.int64(seconds);
    if (nanos !== 0) {
      w.varint(TIMESTAMP.nanos);
      w.varint(Math.min(nanos, 999_999_999));
    }
    w.end(at);
  }
}

/** Prometheus protobuf exposition, piece by piece. */
export const PROTOBUF_WRITER: FormatWriter<Uint8Array> = {
  contentType: PROTOBUF_CONTENT_TYPE,
  open: (options) => new ProtobufExposition(options),
  openBytes: (options) => new ProtobufExposition(options),
};

/** A complete protobuf exposition of these families. */
export function writeProtobuf(families: readonly MetricFamily[], options?: WriteOptions): Uint8Array {
  const writer = PROTOBUF_WRITER.open(options);
  for (const family of families) writer.write(family, 0, family.points.length);
  return writer.end();
}
