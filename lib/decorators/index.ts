export { CountExceptions } from './count-exceptions';
export { Counted } from './counted';
export type { DeferrableCallHooks } from './deferred-call';
export { getMetricDefinitions, METRIC_DEFINITIONS_METADATA } from './function-metadata';
export { trackGenerator } from './generator-tracker';
export type { DecoratorName } from './instrument-spec';
export {
  type InstrumentationErrorLogger,
  reportInstrumentationFailure,
  setInstrumentationErrorLogger,
} from './instrumentation-errors';
export type { MetricDecorator } from './metric-decorator';
export type { MetricDefinition } from './metric-definition';
export { defaultMetricName } from './naming';
export { trackObservable } from './observable-tracker';
export type {
  CountExceptionsOptions,
  CountedOptions,
  ErrorClass,
  LabelsFrom,
  MetricDecoratorOptions,
  TimedOptions,
  TrackInProgressOptions,
} from './options';
export { bindDecoratedMetrics, decoratorRegistry } from './registry-binding';
export { Timed } from './timed';
export { TrackInProgress } from './track-in-progress';
