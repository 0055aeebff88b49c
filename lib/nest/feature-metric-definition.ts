import {
  Counter,
  type CounterConfiguration,
  Enum,
  type EnumConfiguration,
  Gauge,
  type GaugeConfiguration,
  Histogram,
  type HistogramConfiguration,
  Info,
  type InfoConfiguration,
  type Metric,
  MetricConfigError,
  type Registry,
  Summary,
  type SummaryConfiguration,
} from '../core';

/** A metric declared for `MetricsModule.forFeature`: its kind plus its usual configuration. */
export type FeatureMetricDefinition =
  | ({ type: 'counter' } & CounterConfiguration<string>)
  | ({ type: 'gauge' } & GaugeConfiguration<string>)
  | ({ type: 'histogram' } & HistogramConfiguration<string>)
  | ({ type: 'summary' } & SummaryConfiguration<string>)
  | ({ type: 'info' } & InfoConfiguration<string>)
  | ({ type: 'enum' } & EnumConfiguration<string, string>);

type AnyMetric = Metric<string, any>;

const constructors = {
  counter: Counter,
  gauge: Gauge,
  histogram: Histogram,
  summary: Summary,
  info: Info,
  enum: Enum,
} as const;

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/**
 * The metric for this definition in `registry`: the one already registered
 * under its name when the definitions agree, so re-created apps, hot reload
 * and several apps in one process share it instead of failing as duplicates.
 */
export function getOrCreateMetric<M extends AnyMetric = AnyMetric>(
  registry: Registry<any>,
  definition: FeatureMetricDefinition,
): M {
  const { type, ...config } = definition;
  const MetricClass = constructors[type] as unknown as new (config: object) => AnyMetric;
  if (MetricClass === undefined) {
    throw new MetricConfigError(
      `Metric "${definition.name}": unknown type "${type}" (expected ${Object.keys(constructors).join(', ')})`,
    );
  }
  // Built unregistered first: the constructor validates and composes the final name.
  const candidate = new MetricClass({ ...config, registers: [] });
  const existing = registry.getSingleMetric(candidate.name);
  if (existing === undefined) {
    registry.registerMetric(candidate);
    return candidate as M;
  }
  if (existing.type !== candidate.type || !sameLabels(existing.labelNames, candidate.labelNames)) {
    throw new MetricConfigError(
      `Metric "${candidate.name}" is already registered as a ${existing.type} with labels [${existing.labelNames.join(', ')}]; ` +
        `cannot reuse it as a ${candidate.type} with labels [${candidate.labelNames.join(', ')}]`,
    );
  }
  return existing as M;
}
