import type { Metric, MetricConfiguration } from '../core';
import type { MetricDecoratorOptions } from './options';

export type AnyMetric = Metric<string, any>;

export type DecoratorName = 'Timed' | 'CountExceptions' | 'TrackInProgress' | 'Counted';

/** Labels a decorator can only know when the call has ended. */
export type OutcomeLabel = 'exception' | 'result';

/** Gives the series a measurement writes to, for the way the call ended. */
export interface SeriesSource {
  seriesAt(failed: boolean, error: unknown): any;
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
  createMetric(config: MetricConfiguration<string>): AnyMetric;
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
