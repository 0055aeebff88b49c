import type { CallHooks, DeferrableCallHooks } from '../core';
import type { BoundMetric } from './bound-metric';
import type { SeriesSource } from './instrument-spec';
import { outcomeLabels } from './label-plan';

/**
 * One decorated call in flight, for calls whose labels come from their
 * arguments or outcome, or whose result ends later (a promise, a generator,
 * an Observable). Kept free of per-call closures: it is on the hot path.
 */
export class InstrumentedCall implements DeferrableCallHooks, SeriesSource {
  private started: unknown;

  /** Made by `start` or `continue`: `begin` needs the call itself as its series source. */
  protected constructor(
    protected readonly bound: BoundMetric,
    protected labels: Record<string, string>,
  ) {}

  /** Starts measuring a call with these labels. */
  static start(bound: BoundMetric, labels: Record<string, string>): InstrumentedCall {
    return new InstrumentedCall(bound, labels).begin();
  }

  protected begin(): this {
    this.started = this.bound.begin(this);
    return this;
  }

  /** Hooks for a call with fixed labels that `bound` has already started. */
  static continue(bound: BoundMetric, started: unknown): InstrumentedCall {
    const call = new InstrumentedCall(bound, bound.plan.fixed);
    call.started = started;
    return call;
  }

  get metricName(): string {
    return this.bound.metric.name;
  }

  companionSeries(index: number): any {
    return this.bound.companions[index].labels(this.labels);
  }

  seriesAt(failed: boolean, error: unknown): any {
    const { fixedSeries, plan } = this.bound;
    if (fixedSeries !== undefined) return fixedSeries;
    const { exception, result } = plan.outcome;
    const labels = exception || result ? outcomeLabels(plan, this.labels, failed, error) : this.labels;
    return this.bound.metric.labels(labels);
  }

  end(error: unknown, failed: boolean): void {
    this.bound.end(this, this.started, error, failed);
  }

  defer(): void {
    this.bound.cancel(this, this.started);
  }

  beginRun(): CallHooks {
    const started = this.bound.begin(this);
    return { end: (error, failed) => this.bound.end(this, started, error, failed) };
  }
}
