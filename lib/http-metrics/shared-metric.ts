import type { Registry } from '../core';
import type { AnyMetric } from '../decorators/instrument-spec';
import { obtainMetric } from '../decorators/registry-binding';

/**
 * `metric` (built with `registers: []`) in `registry`, or the one already
 * registered under its name when the definitions agree, so an app created
 * twice in one process (tests, hot reload) keeps counting in the same series.
 * A disagreeing definition is an error naming both.
 */
export function sharedMetric<M extends AnyMetric>(registry: Registry<any>, metric: M, owner: string): M {
  return obtainMetric(registry, metric, owner, (target) => {
    target.registerMetric(metric);
    return metric;
  }) as M;
}
