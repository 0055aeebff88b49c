export { bindDecoratedMetrics, decoratorRegistry } from './binding';
export { MetricClassName } from './class-name';
export { CountExceptions } from './count-exceptions';
export { Counted } from './counted';
export { getMetricDefinitions, METRIC_DEFINITIONS_METADATA } from './function-metadata';
export type { DecoratorName } from './instrument-spec';
export { LongTaskTimed } from './long-task-timed';
export type { MetricDecorator } from './metric-decorator';
export type { MetricDefinition } from './metric-definition';
export { defaultMetricName } from './naming';
export { type ObserveOptions, observe } from './observe';
export { type KeyValuesFrom, Observed, type ObservedOptions } from './observed';
export type {
  CountExceptionsOptions,
  CountedOptions,
  ErrorClass,
  LabelsFrom,
  MetricDecoratorOptions,
  TimedOptions,
  TrackInProgressOptions,
} from './options';
export { Timed } from './timed';
export { TrackInProgress } from './track-in-progress';
