import { Counter, type CounterConfiguration } from '../counter';
import { Enum, type EnumConfiguration } from '../enum';
import { Gauge, type GaugeConfiguration } from '../gauge';
import { Histogram, type HistogramConfiguration } from '../histogram';
import { Info, type InfoConfiguration } from '../info';
import type { Registry } from '../registry';
import { Summary, type SummaryConfiguration } from '../summary';

/**
 * A metric described as data: its kind plus the configuration its class
 * takes. Decorators, Nest's `forFeature` and HTTP metrics and the
 * MetricsExporter facade all declare metrics this way, so one rule
 * (`getOrCreateMetric`) decides what a second declaration of a name gets.
 */
export type MetricDeclaration<L extends string = string> =
  | ({ readonly type: 'counter' } & CounterConfiguration<L>)
  | ({ readonly type: 'gauge' } & GaugeConfiguration<L>)
  | ({ readonly type: 'histogram' } & HistogramConfiguration<L>)
  | ({ readonly type: 'summary' } & SummaryConfiguration<L>)
  | ({ readonly type: 'info' } & InfoConfiguration<L>)
  | ({ readonly type: 'enum' } & EnumConfiguration<L, string>);

type LabelsOf<D> = D extends { readonly labelNames: readonly (infer L extends string)[] } ? L : string;
type StatesOf<D> = D extends { readonly states: readonly (infer S extends string)[] } ? S : string;

/** The metric a declaration gives, with its label names: `Counter<'channel' | 'status'>`. */
export type MetricFor<D extends MetricDeclaration<any>> = D extends { readonly type: 'counter' }
  ? Counter<LabelsOf<D>>
  : D extends { readonly type: 'gauge' }
    ? Gauge<LabelsOf<D>>
    : D extends { readonly type: 'histogram' }
      ? Histogram<LabelsOf<D>>
      : D extends { readonly type: 'summary' }
        ? Summary<LabelsOf<D>>
        : D extends { readonly type: 'info' }
          ? Info<LabelsOf<D>>
          : Enum<LabelsOf<D>, StatesOf<D>>;

/**
 * A declaration kept with its literal types, so the metric it gives is typed
 * from it: `MetricFor<typeof ordersCreated>` is `Counter<'channel'>`.
 */
export function defineMetric<const D extends MetricDeclaration<any>>(declaration: D): D {
  return declaration;
}

export type DeclaredMetric =
  | Counter<string>
  | Gauge<string>
  | Histogram<string>
  | Summary<string>
  | Info<string>
  | Enum<string, string>;

const CLASSES = {
  counter: Counter,
  gauge: Gauge,
  histogram: Histogram,
  summary: Summary,
  info: Info,
  enum: Enum,
};

/** The types a declaration may name, in the words errors use. */
export const DECLARATION_TYPES = Object.keys(CLASSES) as readonly MetricDeclaration['type'][];

/** The metric's own `type` (an Enum is an OpenMetrics stateset). */
export const METRIC_TYPE_OF = {
  counter: 'counter',
  gauge: 'gauge',
  histogram: 'histogram',
  summary: 'summary',
  info: 'info',
  enum: 'stateset',
} as const;

/** Builds the declared metric, registered with `registers` only. */
export function createDeclaredMetric(
  declaration: MetricDeclaration,
  registers: Registry<any>[],
): DeclaredMetric {
  const { type, ...config } = declaration;
  const MetricClass = CLASSES[type] as unknown as new (config: object) => DeclaredMetric;
  return new MetricClass({ ...config, registers });
}
