import type { MultiprocessMode, NativeHistogramData, SketchState } from '../core';

/**
 * What one process (or thread) tells the others about its metrics: every
 * series with the state needed to merge it exactly (counts, bucket counts,
 * summary sketches), as JSON-safe plain data. It travels over cluster IPC,
 * worker_threads messages and files, so non-finite numbers are spelled as
 * strings and every array is flat (columns, not an object per series).
 */
export const SNAPSHOT_FORMAT = 'promkit-snapshot/1';

/** A number as JSON can carry it: NaN and the infinities as Prometheus spells them. */
export type WireNumber = number | 'NaN' | '+Inf' | '-Inf';

/** A process's metrics as plain JSON-safe data, the unit the multi-process modes exchange and merge. */
export interface ProcessSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  /** The value of the worker label (`all` mode) and the key the process is tracked by. */
  readonly worker: string;
  readonly pid: number;
  /** Milliseconds since the epoch. */
  readonly startedAt: number;
  readonly takenAt: number;
  /** Set on the last snapshot a process sends before it exits. */
  readonly final?: boolean;
  /** Numbers the snapshots a member sends its hub, so a change can name what it changes. */
  readonly seq?: number;
  /**
   * Set when this snapshot only says what changed since the member's snapshot
   * `base`: entries with `runs` patch that snapshot's entries, the others
   * replace them, and entries it does not list are gone.
   */
  readonly base?: number;
  readonly families: FamilySnapshot[];
}

export interface WireExemplar {
  readonly labels: Record<string, string>;
  readonly value: WireNumber;
  readonly timestamp?: number;
}

/** Wire form of a sketch; non-finite extremes as strings. */
export interface WireSketch extends Omit<SketchState, 'min' | 'max'> {
  readonly min: WireNumber;
  readonly max: WireNumber;
}

/** Wire form of a native histogram: its buckets as runs; exemplar values JSON-safe. */
export interface WireNative extends Omit<NativeHistogramData, 'exemplars'> {
  readonly exemplars?: WireExemplar[];
}

interface FamilySnapshotBase<T extends string> {
  readonly name: string;
  readonly help: string;
  readonly type: T;
  readonly unit?: string;
  /** The metric's OpenTelemetry name, for OTLP pushes of the merged view. */
  readonly otlpName?: string;
  /** Its labels' OpenTelemetry attribute names, where they differ. */
  readonly otlpAttributeNames?: Readonly<Record<string, string>>;
  /** The mode the metric declared; absent means the deployment's default for its type. */
  readonly mode?: MultiprocessMode;
  /** How many series this entry holds; every column below has this many rows. */
  readonly series: number;
  /** Label names shared by every series of this entry (a family may have several entries). */
  readonly labelNames: string[];
  /** `labelNames.length` values per series, series after series. */
  readonly labelValues: string[];
  /** When each series was created (ms), for `_created`; parallel to the series. */
  readonly created?: number[];
  /**
   * In a change (see `ProcessSnapshot.base`): where its series go in the
   * entry it patches, as `start, length` pairs of consecutive positions.
   * Positions past that entry's end add series, in order, and only those
   * carry label values.
   */
  readonly runs?: number[];
}

export interface CounterSnapshot extends FamilySnapshotBase<'counter'> {
  /** The name text 0.0.4 writes it under, when not `<name>_total` (a counter declared without `_total`). */
  readonly textName?: string;
  readonly values: WireNumber[];
  readonly exemplars?: (WireExemplar | null)[];
}

export interface GaugeSnapshot extends FamilySnapshotBase<'gauge' | 'unknown'> {
  readonly values: WireNumber[];
  /** When each value last changed (ms), as far as the sender knows; for `mostrecent`. */
  readonly changedAt: number[];
}

export interface HistogramSnapshot extends FamilySnapshotBase<'histogram'> {
  readonly upperBounds: number[];
  /** Per-bucket (not cumulative) counts, `upperBounds.length + 1` per series. */
  readonly buckets: number[];
  readonly counts: number[];
  readonly sums: WireNumber[];
  /** `[series, bucket, exemplar]` for the buckets that have one. */
  readonly exemplars?: [number, number, WireExemplar][];
  /** Each series' native buckets, when the histogram has them; they merge bucket-wise. */
  readonly natives?: (WireNative | null)[];
}

export interface SummarySnapshot extends FamilySnapshotBase<'summary'> {
  readonly quantiles: number[];
  readonly counts: number[];
  readonly sums: WireNumber[];
  /** The sketch of each series; null for a series that has none (a custom collector's). */
  readonly sketches: (WireSketch | null)[];
  /** `quantiles.length` values per series, as the process reported them (all a series without a sketch has). */
  readonly quantileValues: WireNumber[];
}

export type InfoSnapshot = FamilySnapshotBase<'info'>;

export interface StateSetSnapshot extends FamilySnapshotBase<'stateset'> {
  readonly states: string[];
  /** `states.length` flags (0 or 1) per series. */
  readonly enabled: number[];
}

/** One metric family in a process snapshot: its definition and its series' values. */
export type FamilySnapshot =
  | CounterSnapshot
  | GaugeSnapshot
  | HistogramSnapshot
  | SummarySnapshot
  | InfoSnapshot
  | StateSetSnapshot;

export function toWire(value: number): WireNumber {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}

export function fromWire(value: WireNumber): number {
  if (typeof value === 'number') return value;
  if (value === '+Inf') return Number.POSITIVE_INFINITY;
  if (value === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number.NaN;
}
