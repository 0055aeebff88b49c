import type { ExemplarsOption, LabelValue, NativeHistogramOptions, Registry } from '../core';

/** Derives label values from a call's arguments and the instance it runs on. */
export type LabelsFrom = (args: unknown[], instance: unknown) => Record<string, LabelValue>;

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
  /** Label values computed per call, e.g. `(args) => ({ tenant: args[0].tenant })`. */
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

export interface TimedOptions extends MetricDecoratorOptions, ExemplarOptions {
  /** `histogram` (default) or `summary`. */
  type?: 'histogram' | 'summary';
  /** Histogram upper bounds in seconds. */
  buckets?: number[];
  /** Native histogram buckets (`true` or options); native only unless `buckets` is given too. */
  native?: boolean | NativeHistogramOptions;
  /** Summary quantiles. */
  percentiles?: number[];
}

export interface CountExceptionsOptions extends MetricDecoratorOptions, ExemplarOptions {
  /** Count only errors of these classes (and their subclasses); every failure when left out. */
  errors?: ErrorClass[];
}

export interface CountedOptions extends MetricDecoratorOptions, ExemplarOptions {
  /** Count only failed calls (`result="failure"`). */
  failuresOnly?: boolean;
}

export type TrackInProgressOptions = MetricDecoratorOptions;
