import type { MetricDeclaration, RegisteredMetric } from '../core';
import type { MetricDecoratorOptions } from './options';

export type AnyMetric = RegisteredMetric;

export type DecoratorName = 'Timed' | 'CountExceptions' | 'TrackInProgress' | 'Counted' | 'Observed';

/** Labels a decorator can only know when the call has ended. */
export type OutcomeLabel = 'exception' | 'result';

/** Gives the series a measurement writes to, for the way the call ended. */
export interface SeriesSource {
  seriesAt(failed: boolean, error: unknown): any;
  /** The series of the call's labels in the `index`th companion metric. */
  companionSeries(index: number): any;
  /** The name of the metric those series belong to. */
  readonly metricName: string;
}

/** What every decorated metric's declaration has, whatever the decorator. */
export interface DeclarationBase {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
}

/** What one decorator measures and how; built from the decorator's options. */
export interface InstrumentSpec {
  readonly decorator: DecoratorName;
  readonly options: MetricDecoratorOptions;
  /** Appended to the derived default name. */
  readonly nameSuffix: string;
  defaultHelp(method: string): string;
  readonly outcomeLabels: readonly OutcomeLabel[];
  /** Outcomes this decorator records, so their series can be shown at zero before the first call. */
  readonly recordsSuccess: boolean;
  readonly recordsFailure: boolean;
  /** The metric to record into, as data: read from the decorator's options once, built per registry. */
  declare(base: DeclarationBase): MetricDeclaration;
  /**
   * Metrics shown beside the declared one, claimed and let go with it in
   * each registry (a long task timer's sum and maximum); `metric` is the
   * declared metric's name in that registry.
   */
  companions?(base: DeclarationBase, metric: string): MetricDeclaration[];
  /** Wraps the measured method once more, outermost (`@Observed`'s span, so the measurement runs inside it). */
  around?(measured: Function): Function;
  /**
   * Starts measuring one call (or one run of a deferred result) and returns
   * what `end` needs (a start time, a series...), so no object is made per call.
   */
  begin(source: SeriesSource): unknown;
  end(source: SeriesSource, started: unknown, error: unknown, failed: boolean): void;
  /** The call turned out not to run now (a lazy result): take back what `begin` did. */
  cancel(source: SeriesSource, started: unknown): void;
}

export function noop(): void {}
