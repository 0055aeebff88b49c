import { ProtoWriter } from '../../exposition';
import { type Exemplar, isValidExemplar } from '../../model';
import { writeHistogramFields } from './histogram-fields';
import { RepeatedField } from './repeated-field';
import type { SeriesLabels } from './series-labels';
import type { HistogramSample, SeriesMetadata, SeriesSink } from './series-walk';
import { writeStaleSampleFields } from './stale-sample';
import { SAMPLE, V1_EXEMPLAR, V1_LABEL, V1_METADATA, V1_REQUEST, V1_SERIES } from './wire-fields';

const EMPTY = new Uint8Array(0);

/** What a request carries, counted as the receiver's `*-Written` headers count them. */
export interface RequestCounts {
  samples: number;
  histograms: number;
  exemplars: number;
}

/** An encoder of one request: a sink for the walked series, then the protobuf bytes. */
export interface RequestEncoder extends SeriesSink {
  readonly counts: RequestCounts;
  finish(): Uint8Array;
}

/**
 * Remote Write 1.0's `prometheus.WriteRequest`: each series with its labels
 * written out, one sample (or native histogram) and its exemplar, and each
 * family's metadata once. The 1.0 spec leaves histograms, exemplars and
 * metadata out, but Prometheus' receiver takes them in these fields.
 */
export class WriteRequestEncoder implements RequestEncoder {
  readonly counts: RequestCounts = { samples: 0, histograms: 0, exemplars: 0 };
  private readonly w: ProtoWriter;
  /**
   * The encoded Label fields of the last series, by position in its sorted
   * names: consecutive series share most of them (the metric name, job,
   * instance), which are then copied instead of encoded again.
   */
  private lastNames: readonly string[] | undefined;
  private readonly timestamp = new RepeatedField<number>((w, ms) => {
    w.varint(SAMPLE.timestamp);
    w.int64(ms);
  });
  private lastValues: string[] = [];
  private encodedLabels: Uint8Array[] = [];

  constructor(sizeHint?: number) {
    this.w = new ProtoWriter(sizeHint);
  }

  family(m: SeriesMetadata): void {
    const w = this.w;
    w.varint(V1_REQUEST.metadata);
    const at = w.begin();
    w.varint(V1_METADATA.type);
    w.varint(m.type);
    w.varint(V1_METADATA.familyName);
    w.string(m.familyName);
    if (m.help !== '') {
      w.varint(V1_METADATA.help);
      w.string(m.help);
    }
    if (m.unit !== '') {
      w.varint(V1_METADATA.unit);
      w.string(m.unit);
    }
    w.end(at);
  }

  sample(labels: SeriesLabels, value: number, timestamp: number, _start: unknown, exemplar?: Exemplar): void {
    const w = this.w;
    const series = this.beginSeries(labels);
    w.varint(V1_SERIES.sample);
    const at = w.begin();
    w.varint(SAMPLE.value);
    w.double(value);
    w.raw(this.timestamp.of(Math.trunc(timestamp)));
    w.end(at);
    this.counts.samples++;
    if (exemplar !== undefined) this.exemplar(exemplar, timestamp);
    w.end(series);
  }

  histogram(labels: SeriesLabels, h: HistogramSample, timestamp: number): void {
    // 1.0 has no custom buckets: a receiver would take them for exponential ones.
    if (h.customValues !== undefined) return;
    const w = this.w;
    const series = this.beginSeries(labels);
    w.varint(V1_SERIES.histogram);
    const at = w.begin();
    writeHistogramFields(w, h, timestamp, undefined);
    w.end(at);
    this.counts.histograms++;
    for (const e of h.buckets.exemplars ?? []) this.exemplar(e, timestamp);
    w.end(series);
  }

  stale(labels: SeriesLabels, timestamp: number): void {
    const w = this.w;
    const series = this.beginSeries(labels);
    w.varint(V1_SERIES.sample);
    const at = w.begin();
    writeStaleSampleFields(w, timestamp);
    w.end(at);
    this.counts.samples++;
    w.end(series);
  }

  finish(): Uint8Array {
    return this.w.finish();
  }

  private beginSeries(labels: SeriesLabels): number {
    const w = this.w;
    w.varint(V1_REQUEST.timeseries);
    const series = w.begin();
    const names = labels.names;
    if (names !== this.lastNames) {
      this.lastNames = names;
      this.lastValues = names.map(() => '');
      this.encodedLabels = names.map(() => EMPTY);
    }
    const { lastValues, encodedLabels } = this;
    for (let i = 0; i < names.length; i++) {
      const value = labels.value(i);
      if (value === '') continue;
      if (value !== lastValues[i]) {
        lastValues[i] = value;
        encodedLabels[i] = EMPTY;
        this.label(V1_SERIES.label, names[i], value);
      } else if (encodedLabels[i] !== EMPTY) {
        w.raw(encodedLabels[i]);
      } else {
        // Kept only once a value repeats: a label that changes every series (a route) is not copied.
        const start = w.position;
        this.label(V1_SERIES.label, names[i], value);
        encodedLabels[i] = w.copyFrom(start);
      }
    }
    return series;
  }

  private label(field: number, name: string, value: string): void {
    const w = this.w;
    w.varint(field);
    const at = w.begin();
    w.varint(V1_LABEL.name);
    w.string(name);
    w.varint(V1_LABEL.value);
    w.string(value);
    w.end(at);
  }

  private exemplar(e: Exemplar, sampleTimestamp: number): void {
    if (!isValidExemplar(e)) return;
    const w = this.w;
    w.varint(V1_SERIES.exemplar);
    const at = w.begin();
    for (const name of Object.keys(e.labels).sort()) this.label(V1_EXEMPLAR.label, name, e.labels[name]);
    w.varint(V1_EXEMPLAR.value);
    w.double(e.value);
    w.varint(V1_EXEMPLAR.timestamp);
    w.int64(Math.trunc(e.timestamp ?? sampleTimestamp));
    w.end(at);
    this.counts.exemplars++;
  }
}
