export { type CounterFamilyOptions, CounterMetricFamily } from './counter-family';
export type { FamilyOptions, LabelValueList } from './family-builder';
export {
  type CumulativeBucket,
  type HistogramFamilyOptions,
  HistogramMetricFamily,
} from './histogram-family';
export { type InfoFamilyOptions, InfoMetricFamily } from './info-family';
export { type StateSetFamilyOptions, StateSetMetricFamily } from './stateset-family';
export { type SummaryFamilyOptions, SummaryMetricFamily } from './summary-family';
export { GaugeMetricFamily, UnknownMetricFamily, type ValueFamilyOptions } from './value-family';
