import type { ExemplarsOption, LabelValue, NativeHistogramOptions, Registry } from '../core';

/**
 * Derives label values from a call's arguments and the instance it runs on,
 * and, when it declares them, from how the call ended: `result` is the
 * settled value (what a promise resolved to, a generator's return value, an
 * Observable's last value; undefined when the call failed) and `error` what
 * it failed with. One that declares `result` is called when the call has
 * ended, not when it starts. Its parameters may be given the method's own
 * types, e.g. `(args: [string], self: Orders, result: Order) => ...`.
 */
export type LabelsFrom<A extends unknown[] = any[], T = any, R = any> = {
  // A method signature, so a labelsFrom written for the method's own types fits.
  bivariant(args: A, instance: T, result: R | undefined, error: unknown): Record<string, LabelValue>;
}['bivariant'];

export type ErrorClass = abstract new (...args: any[]) => unknown;

/** What every metric decorator accepts. */
export interface MetricDecoratorOptions {
  /** Metric name; defaults to `<class>_<method>_<suffix>` in snake_case (see `defaultMetricName`). */
  name?: string;
  help?: string;
  /**
   * Label names. Defaults to the keys of `labels`. Besides static and
   * `labelsFrom` labels these are filled in by the decorator when declared:
   * `class`, `method`, and (not for `@TrackInProgress`) `exception` (the error's
   * class name, `none` on success) and `result` (`success` / `failure`).
   */
  labelNames?: readonly string[];
  /** Label values fixed at decoration time. */
  labels?: Record<string, LabelValue>;
  /**
   * Label values computed per call, e.g. `(args) => ({ tenant: args[0].tenant })`,
   * or from its result, `(args, self, order) => ({ status: order?.status ?? 'none' })`.
   */
  labelsFrom?: LabelsFrom;
  /** Registry to register with; defaults to the one given to `bindDecoratedMetrics` (else the global one). */
  registry?: Registry;
}

/** Decorators recording into a counter or histogram, which can carry exemplars. */
export interface ExemplarOptions {
  /**
   * `'trace'` (default for counters and histograms): a call made inside an
   * active sampled OpenTelemetry span may leave that span's `trace_id` and
   * `span_id` as the exemplar, rate-limited; `'none'` records none.
   */
  exemplars?: ExemplarsOption;
}

/** `@Timed`'s options: the metric (histogram by default, or summary), its buckets or percentiles, labels and exemplars. */
export interface TimedOptions extends MetricDecoratorOptions, ExemplarOptions {
  /** `histogram` (default) or `summary`. */
  type?: 'histogram' | 'summary';
  /** Histogram upper bounds in seconds. */
  buckets?: number[];
  /** Native histogram buckets (`true` or options); native only unless `buckets` is given too. */
  native?: boolean | NativeHistogramOptions;
  /** Summary quantiles. */
  percentiles?: number[];
  /**
   * A long task timer instead (see `LongTaskTimed`): gauges of the calls
   * running now and how long they have been running, read at scrape time.
   */
  longTask?: boolean;
}

/** `@CountExceptions`' options: which errors count, the counter's labels and exemplars. */
export interface CountExceptionsOptions extends MetricDecoratorOptions, ExemplarOptions {
  /** Count only errors of these classes (and their subclasses); every failure when left out. */
  errors?: ErrorClass[];
}

/** `@Counted`'s options: the counter's name, help, labels and exemplars. */
export interface CountedOptions extends MetricDecoratorOptions, ExemplarOptions {
  /** Count only failed calls (`result="failure"`). */
  failuresOnly?: boolean;
}

/** `@TrackInProgress`' options: the gauge's name, help and labels. */
export type TrackInProgressOptions = MetricDecoratorOptions;
