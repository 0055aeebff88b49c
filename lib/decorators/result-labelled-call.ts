import type { CallHooks } from '../core';
import type { BoundMetric } from './bound-metric';
import { InstrumentedCall } from './instrumented-call';
import { callLabels } from './label-plan';

/**
 * A call whose `labelsFrom` reads its result: the labels are computed when
 * the call (or each run of a deferred result) has ended, from its arguments,
 * instance, settled value and error. A `labelsFrom` that fails then is
 * reported and that run goes unrecorded.
 */
export class ResultLabelledCall extends InstrumentedCall {
  private constructor(
    bound: BoundMetric,
    private readonly args: unknown[],
    private readonly instance: unknown,
  ) {
    super(bound, bound.plan.fixed);
  }

  static startWith(bound: BoundMetric, args: unknown[], instance: unknown): ResultLabelledCall {
    return new ResultLabelledCall(bound, args, instance).begin();
  }

  override end(error: unknown, failed: boolean, value?: unknown): void {
    if (this.labelFromEnd(error, failed, value)) super.end(error, failed);
  }

  override beginRun(): CallHooks {
    const run = super.beginRun();
    return {
      end: (error, failed, value) => {
        if (this.labelFromEnd(error, failed, value)) run.end(error, failed);
      },
    };
  }

  private labelFromEnd(error: unknown, failed: boolean, value: unknown): boolean {
    const { bound } = this;
    try {
      this.labels = callLabels(
        bound.plan,
        bound.metric.name,
        this.args,
        this.instance,
        failed ? undefined : value,
        failed ? error : undefined,
      );
      return true;
    } catch (failure) {
      bound.report(failure);
      return false;
    }
  }
}
