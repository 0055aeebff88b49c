import type { CallHooks } from '../core';
import type { DeferrableCallHooks } from './deferred-call';
import type { AnyMetric, InstrumentSpec, Measurement, SeriesSource } from './instrument-spec';
import { reportInstrumentationFailure } from './instrumentation-errors';
import { type LabelPlan, outcomeLabels } from './label-plan';

/** Where a call records: the metric in its current registry, and its one series when labels never vary. */
export interface BoundMetric {
  readonly metric: AnyMetric;
  readonly fixedSeries: unknown;
}

/** One decorated call in flight. A failing measurement is reported, never passed to the caller. */
export class InstrumentedCall implements DeferrableCallHooks, SeriesSource {
  private readonly measurement: Measurement | undefined;

  constructor(
    private readonly spec: InstrumentSpec,
    private readonly plan: LabelPlan,
    private readonly bound: BoundMetric,
    private readonly labels: Record<string, string>,
  ) {
    this.measurement = this.guarded(() => spec.begin(this));
  }

  seriesAt(failed: boolean, error: unknown): any {
    if (this.bound.fixedSeries !== undefined) return this.bound.fixedSeries;
    const { exception, result } = this.plan.outcome;
    const labels = exception || result ? outcomeLabels(this.plan, this.labels, failed, error) : this.labels;
    return this.bound.metric.labels(labels);
  }

  end(error: unknown, failed: boolean): void {
    this.guarded(() => this.measurement?.end(error, failed));
  }

  defer(): void {
    this.guarded(() => this.measurement?.cancel());
  }

  beginRun(): CallHooks {
    const run = this.guarded(() => this.spec.begin(this));
    return { end: (error, failed) => this.guarded(() => run?.end(error, failed)) };
  }

  private guarded<R>(step: () => R): R | undefined {
    try {
      return step();
    } catch (error) {
      reportInstrumentationFailure(this.bound.metric.name, error);
      return undefined;
    }
  }
}
