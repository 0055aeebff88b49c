import type { FactoryProvider } from '@nestjs/common';
import type {
  CounterConfiguration,
  GaugeConfiguration,
  HistogramConfiguration,
  Registry,
  SummaryConfiguration,
} from '../core';
import { getDefaultRegistry } from '../core';
import { type FeatureMetricDefinition, getOrCreateMetric } from './feature-metric-definition';
import { getMetricToken, METRICS_REGISTRY } from './metrics.constants';

/** A provider of the metric under `getMetricToken(name)`, registered with the module's registry. */
export function makeMetricProvider(definition: FeatureMetricDefinition): FactoryProvider {
  return {
    provide: getMetricToken(definition.name),
    // Without MetricsModule.forRoot the metric still works, on the global registry.
    useFactory: (registry?: Registry<any>) => getOrCreateMetric(registry ?? getDefaultRegistry(), definition),
    inject: [{ token: METRICS_REGISTRY, optional: true }],
  };
}

export function makeCounterProvider<T extends string>(config: CounterConfiguration<T>): FactoryProvider {
  // The label type only matters to the injection site; the definition is stored untyped.
  return makeMetricProvider({ type: 'counter', ...config } as FeatureMetricDefinition);
}

export function makeGaugeProvider<T extends string>(config: GaugeConfiguration<T>): FactoryProvider {
  return makeMetricProvider({ type: 'gauge', ...config } as FeatureMetricDefinition);
}

export function makeHistogramProvider<T extends string>(config: HistogramConfiguration<T>): FactoryProvider {
  return makeMetricProvider({ type: 'histogram', ...config } as FeatureMetricDefinition);
}

export function makeSummaryProvider<T extends string>(config: SummaryConfiguration<T>): FactoryProvider {
  return makeMetricProvider({ type: 'summary', ...config } as FeatureMetricDefinition);
}
