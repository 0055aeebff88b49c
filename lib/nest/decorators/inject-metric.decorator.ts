import { Inject } from '@nestjs/common';
import type { MetricDeclaration } from '../../core';
import { getMetricToken, METRICS_REGISTRY } from '../metrics.constants';

/**
 * Injects a metric declared with `MetricsModule.forFeature` or a
 * `make*Provider`, by its name or by the declaration itself. Type the
 * parameter from the declaration to keep its labels checked:
 * `@InjectMetric(ordersCreated) created: MetricFor<typeof ordersCreated>`.
 */
export function InjectMetric(
  metric: string | MetricDeclaration<any>,
): PropertyDecorator & ParameterDecorator {
  return Inject(getMetricToken(typeof metric === 'string' ? metric : metric.name));
}

/** Injects the registry the module scrapes (injecting the `Registry` class works too). */
export function InjectRegistry(): PropertyDecorator & ParameterDecorator {
  return Inject(METRICS_REGISTRY);
}
