import { Inject } from '@nestjs/common';
import { getMetricToken, METRICS_REGISTRY } from './metrics.constants';

/**
 * Injects a metric declared with `MetricsModule.forFeature` or a `make*Provider`.
 * Type the parameter with its labels (`Counter<'method'>`) to keep them checked.
 */
export function InjectMetric(name: string): PropertyDecorator & ParameterDecorator {
  return Inject(getMetricToken(name));
}

/** Injects the registry the module scrapes (injecting the `Registry` class works too). */
export function InjectRegistry(): PropertyDecorator & ParameterDecorator {
  return Inject(METRICS_REGISTRY);
}
