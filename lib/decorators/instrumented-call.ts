import type { CallHooks, DeferrableCallHooks, InstrumentationRuntime } from '../core';
import type { AnyMetric, InstrumentSpec, SeriesSource } from './instrument-spec';
import { type LabelPlan, outcomeLabels } from './label-plan';

/** Where a call records: the metric in its current registry, and its one series when labels never vary. */
export interface BoundMetric {
  readonly metric: AnyMetric;
  readonly fixedSeries: unknown;
}

const NOT_STARTED = Symbol('not started');

/**
 * One decorated call in flight. A failing measurement is reported, never
 * passed to the caller. Kept free of per-call closures: it is on the hot path.
 */
export class InstrumentedCall implements DeferrableCallHooks, SeriesSource {
  private readonly started: unknown;

  constructor(
    private readonly spec: InstrumentSpec,
    private readonly plan: LabelPlan,
    private readonly bound: BoundMetric,
    private readonly labels: Record<string, string>,
    private readonly failures: InstrumentationRuntime['failures'],
  ) {
    this.started = this.begin();
  }

  seriesAt(failed: boolean, error: unknown): any {
    if (this.bound.fixedSeries !== undefined) return this.bound.fixedSeries;
    const { exception, result } = this.plan.outcome;
    const labels = exception || result ? outcomeLabels(this.plan, this.labels, failed, error) : this.labels;
    return this.bound.metric.labels(labels);
  }

  end(error: unknown, failed: boolean): void {
    this.endRun(this.started, error, failed);
  }

  defer(): void {
    if (this.started === NOT_STARTED) return;
    try {
      this.spec.cancel(this, this.started);
    } catch (failure) {
      this.report(failure);
    }
  }

  beginRun(): CallHooks {
    const started = this.begin();
    return { end: (error, failed) => this.endRun(started, error, failed) };
  }

  private begin(): unknown {
    try {
      return this.spec.begin(this);
    } catch (failure) {
      this.report(failure);
      return NOT_STARTED;
    }
  }

  private endRun(started: unknown, error: unknown, failed: boolean): void {
    if (started === NOT_STARTED) return;
    try {
      this.spec.end(this, started, error, failed);
    } catch (failure) {
      this.report(failure);
    }
  }

  private report(failure: unknown): void {
    this.failures.report(this.bound.metric.name, failure);
  }
}
