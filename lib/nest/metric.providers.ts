import type { FactoryProvider } from '@nestjs/common';
import type {
  CounterConfiguration,
  GaugeConfiguration,
  HistogramConfiguration,
  MetricDeclaration,
  SummaryConfiguration,
} from '../core';
import { getMetricToken } from './metrics.constants';
import { MetricsLifecycle } from './metrics-lifecycle.service';
import { metricsModuleMissing } from './metrics-module.errors';

/**
 * A provider of the declared metric under `getMetricToken(name)`, held in the
 * app's registry while the app runs, under the get-or-reuse rule.
 */
export function makeMetricProvider(
  declaration: MetricDeclaration<any>,
  declaredBy = 'a metric provider',
): FactoryProvider {
  return {
    provide: getMetricToken(declaration.name),
    useFactory: (lifecycle?: MetricsLifecycle) => {
      if (!lifecycle) throw metricsModuleMissing(`${declaredBy} (metric "${declaration.name}")`);
      return lifecycle.claim(declaration, declaredBy);
    },
    inject: [{ token: MetricsLifecycle, optional: true }],
  };
}

/** A provider of a counter in the module's registry, injected with `@InjectMetric(name)`. */
export function makeCounterProvider<T extends string>(config: CounterConfiguration<T>): FactoryProvider {
  return makeMetricProvider({ type: 'counter', ...config }, 'makeCounterProvider');
}

/** A provider of a gauge in the module's registry, injected with `@InjectMetric(name)`. */
export function makeGaugeProvider<T extends string>(config: GaugeConfiguration<T>): FactoryProvider {
  return makeMetricProvider({ type: 'gauge', ...config }, 'makeGaugeProvider');
}

/** A provider of a histogram in the module's registry, injected with `@InjectMetric(name)`. */
export function makeHistogramProvider<T extends string>(config: HistogramConfiguration<T>): FactoryProvider {
  return makeMetricProvider({ type: 'histogram', ...config }, 'makeHistogramProvider');
}

/** A provider of a summary in the module's registry, injected with `@InjectMetric(name)`. */
export function makeSummaryProvider<T extends string>(config: SummaryConfiguration<T>): FactoryProvider {
  return makeMetricProvider({ type: 'summary', ...config }, 'makeSummaryProvider');
}
