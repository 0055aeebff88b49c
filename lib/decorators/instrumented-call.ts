import type { CallHooks, DeferrableCallHooks, InstrumentationRuntime } from '../core';
import type { AnyMetric, InstrumentSpec, SeriesSource } from './instrument-spec';
import { type LabelPlan, outcomeLabels } from './label-plan';

/**
 * Everything a call of one decorated method needs, fixed while the method is
 * bound to a registry: what to measure, its labels, the metric (and its one
 * series when labels never vary) and where failures go. One object per
 * binding, so a call carries a single reference to it.
 */
export interface BoundMetric {
  readonly spec: InstrumentSpec;
  readonly plan: LabelPlan;
  readonly metric: AnyMetric;
  readonly fixedSeries: unknown;
  readonly failures: InstrumentationRuntime['failures'];
}

const NOT_STARTED = Symbol('not started');

/**
 * One decorated call in flight. A failing measurement is reported, never
 * passed to the caller. Kept free of per-call closures: it is on the hot path.
 */
export class InstrumentedCall implements DeferrableCallHooks, SeriesSource {
  private readonly started: unknown;

  constructor(
    private readonly bound: BoundMetric,
    private readonly labels: Record<string, string>,
  ) {
    this.started = this.begin();
  }

  seriesAt(failed: boolean, error: unknown): any {
    const { fixedSeries, plan } = this.bound;
    if (fixedSeries !== undefined) return fixedSeries;
    const { exception, result } = plan.outcome;
    const labels = exception || result ? outcomeLabels(plan, this.labels, failed, error) : this.labels;
    return this.bound.metric.labels(labels);
  }

  end(error: unknown, failed: boolean): void {
    this.endRun(this.started, error, failed);
  }

  defer(): void {
    if (this.started === NOT_STARTED) return;
    try {
      this.bound.spec.cancel(this, this.started);
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
      return this.bound.spec.begin(this);
    } catch (failure) {
      this.report(failure);
      return NOT_STARTED;
    }
  }

  private endRun(started: unknown, error: unknown, failed: boolean): void {
    if (started === NOT_STARTED) return;
    try {
      this.bound.spec.end(this, started, error, failed);
    } catch (failure) {
      this.report(failure);
    }
  }

  private report(failure: unknown): void {
    this.bound.failures.report(this.bound.metric.name, failure);
  }
}
