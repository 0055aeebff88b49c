import type { InstrumentationRuntime } from '../core';
import type { AnyMetric, InstrumentSpec, SeriesSource } from './instrument-spec';
import type { LabelPlan } from './label-plan';

/** What `begin` gave when it failed: the call runs unmeasured. */
export const NOT_STARTED = Symbol('not started');

/**
 * Everything a call of one decorated method needs, fixed while the method is
 * bound to a registry: what to measure, its labels, the metric (and its one
 * series when labels never vary) and where failures go. A call carries a
 * single reference to it. A failing measurement is reported here, never
 * passed to the caller.
 *
 * When the labels never vary, the binding is also the series source of every
 * call: a call that ends before the method returns then needs no object of
 * its own.
 */
export class BoundMetric implements SeriesSource {
  constructor(
    readonly spec: InstrumentSpec,
    readonly plan: LabelPlan,
    readonly metric: AnyMetric,
    /** The one series every call writes to, when labels never vary. */
    readonly fixedSeries: unknown,
    private readonly failures: InstrumentationRuntime['failures'],
    /** The spec's companion metrics in the same registry. */
    readonly companions: readonly AnyMetric[] = [],
  ) {
    this.fixedCompanionSeries =
      fixedSeries === undefined ? undefined : companions.map((metric) => metric.labels(plan.fixed));
  }

  /** The companions' one series each, when labels never vary. */
  private readonly fixedCompanionSeries: readonly unknown[] | undefined;

  companionSeries(index: number): unknown {
    return this.fixedCompanionSeries?.[index] ?? this.companions[index].labels(this.plan.fixed);
  }

  seriesAt(): unknown {
    return this.fixedSeries;
  }

  get metricName(): string {
    return this.metric.name;
  }

  begin(source: SeriesSource): unknown {
    try {
      return this.spec.begin(source);
    } catch (failure) {
      this.report(failure);
      return NOT_STARTED;
    }
  }

  end(source: SeriesSource, started: unknown, error: unknown, failed: boolean): void {
    if (started === NOT_STARTED) return;
    try {
      this.spec.end(source, started, error, failed);
    } catch (failure) {
      this.report(failure);
    }
  }

  cancel(source: SeriesSource, started: unknown): void {
    if (started === NOT_STARTED) return;
    try {
      this.spec.cancel(source, started);
    } catch (failure) {
      this.report(failure);
    }
  }

  report(failure: unknown): void {
    this.failures.report(this.metric.name, failure);
  }
}
