import { DDSketch, mergeNativeHistograms, type NativeHistogramData } from '../../core';
import type { Exemplar } from '../../model';
import type { Reduction } from '../modes';
import { fromWire, type WireExemplar, type WireNative, type WireSketch } from '../snapshot';
import type { MergedPoint } from './merged-point';
import type { VectorReader } from './vector-reader';

/**
 * One series of the merged view, accumulating what each process reports for
 * it. Every kind of metric is a vector of numbers reduced element by element
 * (a counter's value; a histogram's buckets, count and sum; a stateset's
 * flags), plus what does not reduce that way: the summary sketch, native
 * buckets, exemplars and the creation time.
 *
 * A slot outlives a scrape: the next scrape starts it over (`begin`), and the
 * point it hands to exposition is the same object each time, so the label
 * text escaped for one scrape serves the next.
 */
export class SeriesSlot {
  readonly values: number[];
  /** The scrape that last touched this slot; the slot is shown only if it is the current one. */
  generation = -1;
  /** How many processes contributed. */
  contributors = 0;
  /** When the chosen values changed (ms), for `mostrecent`. */
  changedAt = Number.NEGATIVE_INFINITY;
  created: number | undefined = undefined;
  sketch: DDSketch | undefined = undefined;
  /** False once a contributor had no sketch: its quantiles cannot be merged. */
  sketchComplete = true;
  quantileValues: number[] | undefined = undefined;
  native: NativeHistogramData | undefined = undefined;
  /** False once a contributor had no native buckets: the merged ones would not cover its observations. */
  nativeComplete = true;
  exemplars: (Exemplar | undefined)[] | undefined = undefined;
  /** The point exposition reads, reused from scrape to scrape (see `pointMaker`). */
  point: MergedPoint | undefined = undefined;

  constructor(
    readonly labelNames: readonly string[],
    readonly labelValues: readonly string[],
    width: number,
  ) {
    this.values = new Array<number>(width).fill(0);
  }

  /** Starts the slot over for scrape `generation`, if it has not been yet. */
  begin(generation: number): void {
    if (this.generation === generation) return;
    this.generation = generation;
    this.values.fill(0);
    this.contributors = 0;
    this.changedAt = Number.NEGATIVE_INFINITY;
    this.created = undefined;
    this.sketch = undefined;
    this.sketchComplete = true;
    this.quantileValues = undefined;
    this.native = undefined;
    this.nativeComplete = true;
    this.exemplars = undefined;
  }

  /**
   * Folds one process's vector in. Returns whether the process's values were
   * taken as a whole (so its sketch and quantiles belong with them).
   */
  absorb(reduction: Reduction, read: VectorReader, s: number, changedAt: number): boolean {
    const v = this.values;
    const firstOne = this.contributors === 0;
    this.contributors++;
    switch (reduction) {
      case 'sum':
      case 'average':
        for (let j = 0; j < v.length; j++) v[j] += read(s, j);
        return false;
      case 'min':
        for (let j = 0; j < v.length; j++) {
          const x = read(s, j);
          if (firstOne || x < v[j]) v[j] = x;
        }
        return false;
      case 'max':
        for (let j = 0; j < v.length; j++) {
          const x = read(s, j);
          if (firstOne || x > v[j]) v[j] = x;
        }
        return false;
      case 'mostrecent':
        if (!firstOne && !(changedAt > this.changedAt)) return false;
        break;
      default:
        // first, and all (one process per slot): the first one it sees.
        if (!firstOne) return false;
    }
    for (let j = 0; j < v.length; j++) v[j] = read(s, j);
    this.changedAt = changedAt;
    return true;
  }

  /** The merged value of element `j` (an average divides at the end). */
  value(reduction: Reduction, j: number): number {
    return reduction === 'average' ? this.values[j] / this.contributors : this.values[j];
  }

  noteCreated(created: number | undefined): void {
    if (created !== undefined && (this.created === undefined || created < this.created))
      this.created = created;
  }

  /** Merges a contributor's sketch, or replaces the sketch when its values were taken whole. */
  addSketch(sketch: WireSketch | null, replace: boolean, quantileValues: () => number[]): void {
    if (replace) {
      this.sketch = undefined;
      this.sketchComplete = true;
    }
    if (replace || this.contributors === 1) this.quantileValues = quantileValues();
    if (sketch === null) {
      this.sketchComplete = false;
      return;
    }
    this.sketch ??= new DDSketch({ relativeAccuracy: sketch.relativeAccuracy, maxBins: sketch.maxBins });
    this.sketch.mergeState({ ...sketch, min: fromWire(sketch.min), max: fromWire(sketch.max) });
  }

  /** Adds a contributor's native buckets bucket-wise, or replaces them when its values were taken whole. */
  addNative(wire: WireNative | null, replace: boolean): void {
    if (replace) {
      this.native = undefined;
      this.nativeComplete = true;
    }
    if (wire === null) {
      this.nativeComplete = false;
      return;
    }
    const incoming: NativeHistogramData = {
      ...wire,
      exemplars: wire.exemplars?.map((e) => ({ ...e, value: fromWire(e.value) })),
    };
    this.native = this.native === undefined ? incoming : mergeNativeHistograms(this.native, incoming);
  }

  /** Keeps the newest exemplar of element `j` (a histogram bucket, or 0 for a counter). */
  offerExemplar(j: number, width: number, wire: WireExemplar, fallbackTime: number): void {
    this.exemplars ??= new Array(width).fill(undefined);
    const incoming: Exemplar = {
      labels: wire.labels,
      value: fromWire(wire.value),
      timestamp: wire.timestamp ?? fallbackTime,
    };
    const current = this.exemplars[j];
    if (current === undefined || (incoming.timestamp as number) > (current.timestamp as number)) {
      this.exemplars[j] = incoming;
    }
  }
}
