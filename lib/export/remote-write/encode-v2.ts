import { ProtoWriter } from '../../exposition';
import { type Exemplar, isValidExemplar } from '../../model';
import type { RequestCounts, RequestEncoder } from './encode-v1';
import { startTimestamp, writeHistogramFields } from './histogram-fields';
import { RepeatedField } from './repeated-field';
import type { SeriesLabels } from './series-labels';
import type { HistogramSample, SeriesMetadata } from './series-walk';
import { writeStaleSampleFields } from './stale-sample';
import { SAMPLE, V2_EXEMPLAR, V2_METADATA, V2_REQUEST, V2_SERIES } from './wire-fields';

/**
 * Remote Write 2.0's `io.prometheus.write.v2.Request` (spec 2.0-rc.4): every
 * string once in the symbols table (entry 0 the empty string), series as
 * references into it, metadata on each series, start timestamps on each
 * sample. The series are written as they come and the symbols after them:
 * protobuf fields may come in any order.
 */
export class V2RequestEncoder implements RequestEncoder {
  readonly counts: RequestCounts = { samples: 0, histograms: 0, exemplars: 0 };
  private readonly w: ProtoWriter;
  private readonly symbols = new Map<string, number>([['', 0]]);
  /** The Metadata field of the current family's series, encoded once per family. */
  private metadata = new Uint8Array(0);
  private readonly timestamp = new RepeatedField<number>((w, ms) => {
    w.varint(SAMPLE.timestamp);
    w.int64(ms);
  });
  /**
   * The labels of the last series, by position in its sorted names, with
   * their references: consecutive series mostly share names and many values
   * (the metric name, job, instance), which then cost no symbol lookup.
   */
  private lastNames: readonly string[] | undefined;
  private nameRefs: number[] = [];
  private lastValues: string[] = [];
  private valueRefs: number[] = [];

  constructor(sizeHint?: number) {
    this.w = new ProtoWriter(sizeHint);
  }

  family(m: SeriesMetadata): void {
    const w = new ProtoWriter(32);
    w.varint(V2_SERIES.metadata);
    const at = w.begin();
    w.varint(V2_METADATA.type);
    w.varint(m.type);
    w.varint(V2_METADATA.helpRef);
    w.varint(this.ref(m.help));
    w.varint(V2_METADATA.unitRef);
    w.varint(this.ref(m.unit));
    w.end(at);
    this.metadata = Uint8Array.prototype.slice.call(w.finish());
  }

  sample(
    labels: SeriesLabels,
    value: number,
    timestamp: number,
    start: number | undefined,
    exemplar: Exemplar | undefined,
  ): void {
    const w = this.w;
    const series = this.beginSeries(labels);
    w.varint(V2_SERIES.sample);
    const at = w.begin();
    w.varint(SAMPLE.value);
    w.double(value);
    w.raw(this.timestamp.of(Math.trunc(timestamp)));
    if (start !== undefined && Number.isFinite(start)) {
      w.varint(SAMPLE.start);
      w.int64(startTimestamp(start));
    }
    w.end(at);
    this.counts.samples++;
    if (exemplar !== undefined) this.exemplar(exemplar, timestamp);
    this.endSeries(series);
  }

  histogram(labels: SeriesLabels, h: HistogramSample, timestamp: number, start: number | undefined): void {
    const w = this.w;
    const series = this.beginSeries(labels);
    w.varint(V2_SERIES.histogram);
    const at = w.begin();
    writeHistogramFields(w, h, timestamp, start);
    w.end(at);
    this.counts.histograms++;
    for (const e of h.buckets.exemplars ?? []) this.exemplar(e, timestamp);
    this.endSeries(series);
  }

  stale(labels: SeriesLabels, timestamp: number): void {
    const w = this.w;
    const series = this.beginSeries(labels);
    w.varint(V2_SERIES.sample);
    const at = w.begin();
    writeStaleSampleFields(w, timestamp);
    w.end(at);
    this.counts.samples++;
    this.endSeries(series);
  }

  finish(): Uint8Array {
    const w = this.w;
    for (const symbol of this.symbols.keys()) {
      w.varint(V2_REQUEST.symbol);
      w.string(symbol);
    }
    return w.finish();
  }

  private ref(s: string): number {
    let ref = this.symbols.get(s);
    if (ref === undefined) {
      ref = this.symbols.size;
      this.symbols.set(s, ref);
    }
    return ref;
  }

  private beginSeries(labels: SeriesLabels): number {
    const w = this.w;
    w.varint(V2_REQUEST.timeseries);
    const series = w.begin();
    const names = labels.names;
    if (names !== this.lastNames) this.newNames(names);
    const { nameRefs, lastValues, valueRefs } = this;
    w.varint(V2_SERIES.labelsRefs);
    const at = w.begin();
    for (let i = 0; i < names.length; i++) {
      const value = labels.value(i);
      if (value === '') continue;
      if (value !== lastValues[i]) {
        lastValues[i] = value;
        valueRefs[i] = this.ref(value);
      }
      w.varint(nameRefs[i]);
      w.varint(valueRefs[i]);
    }
    w.end(at);
    return series;
  }

  private newNames(names: readonly string[]): void {
    this.lastNames = names;
    this.nameRefs = names.map((name) => this.ref(name));
    this.lastValues = names.map(() => '');
    this.valueRefs = names.map(() => 0);
  }

  private endSeries(series: number): void {
    this.w.raw(this.metadata);
    this.w.end(series);
  }

  private packed(field: number, values: readonly number[]): void {
    const w = this.w;
    w.varint(field);
    const at = w.begin();
    for (let i = 0; i < values.length; i++) w.varint(values[i]);
    w.end(at);
  }

  private exemplar(e: Exemplar, sampleTimestamp: number): void {
    if (!isValidExemplar(e)) return;
    const w = this.w;
    w.varint(V2_SERIES.exemplar);
    const at = w.begin();
    const refs: number[] = [];
    for (const name of Object.keys(e.labels).sort()) refs.push(this.ref(name), this.ref(e.labels[name]));
    if (refs.length > 0) this.packed(V2_EXEMPLAR.labelsRefs, refs);
    w.varint(V2_EXEMPLAR.value);
    w.double(e.value);
    w.varint(V2_EXEMPLAR.timestamp);
    w.int64(Math.trunc(e.timestamp ?? sampleTimestamp));
    w.end(at);
    this.counts.exemplars++;
  }
}
