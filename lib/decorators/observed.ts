import { MetricConfigError, now, openTelemetry, secondsSince } from '../core';
import { noop } from './instrument-spec';
import { type MetricDecorator, metricDecorator } from './metric-decorator';
import { snakeCase } from './naming';
import { callInSpan, type KeyValuesFrom } from './observed-span';
import type { MetricDecoratorOptions } from './options';

export type { KeyValuesFrom } from './observed-span';

/** The options of `@Observed`: `name`, `lowCardinality`, `highCardinality`, `labelNames`, `buckets`, `registry`. */
export interface ObservedOptions extends Omit<MetricDecoratorOptions, 'name' | 'labelsFrom'> {
  /** The observation's name: the span's name, and in snake_case the metrics' (`orders.find` -> `orders_find_*`). */
  name: string;
  /** Keys that are labels of the metrics and attributes of the span; declare them in `labelNames`. */
  lowCardinality?: KeyValuesFrom;
  /** Keys only the span carries (ids, queries...), never labels. */
  highCardinality?: KeyValuesFrom;
  /** Histogram upper bounds in seconds. */
  buckets?: number[];
}

/**
 * One observation of each call, as Micrometer's `@Observed`: an OpenTelemetry
 * span (when `@opentelemetry/api` is installed), a duration histogram
 * `<name>_duration_seconds` whose exemplar is the span's trace, and a counter
 * of failed calls `<name>_errors_total`, both labelled with the
 * low-cardinality keys only.
 */
export function Observed(options: ObservedOptions): MetricDecorator {
  if (
    options === null ||
    typeof options !== 'object' ||
    typeof options.name !== 'string' ||
    options.name === ''
  ) {
    throw new MetricConfigError('@Observed: name must be a non-empty string (the observation and span name)');
  }
  for (const key of ['lowCardinality', 'highCardinality'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') {
      throw new MetricConfigError(
        `@Observed ("${options.name}"): ${key} must be a function (args, instance) => keys`,
      );
    }
  }
  const spanName = options.name;
  const base = snakeCase(spanName);
  const { buckets, lowCardinality, highCardinality } = options;
  const attributesFrom = [lowCardinality, highCardinality];
  return metricDecorator({
    decorator: 'Observed',
    options: { ...options, name: `${base}_duration_seconds`, labelsFrom: lowCardinality },
    nameSuffix: '',
    defaultHelp: (method) => `Duration of ${method} calls in seconds (observation "${spanName}").`,
    outcomeLabels: [],
    recordsSuccess: true,
    recordsFailure: true,
    declare: (declared) => ({ type: 'histogram', ...declared, buckets, exemplars: 'trace' }),
    companions: (declared) => [
      {
        type: 'counter',
        name: `${base}_errors_total`,
        help: `Failed calls of observation "${spanName}".`,
        labelNames: declared.labelNames,
      },
    ],
    begin: now,
    end(source, start, _error, failed) {
      source.seriesAt(failed, undefined).observe(secondsSince(start as number));
      // Touched on success too, so the error ratio of a label set reads 0 rather than nothing.
      const errors = source.companionSeries(0);
      if (failed) errors.inc();
    },
    cancel: noop,
    // Without the API installed (known when the method is decorated) the method is
    // wrapped as @Timed wraps it, so a call costs what a @Timed call does, plus the error counter.
    around: (measured) => {
      const otel = openTelemetry();
      if (otel === null) return measured;
      return function observed(this: unknown): unknown {
        // biome-ignore lint/complexity/noArguments: passed through without building an array, as the measured wrapper does
        return callInSpan(otel, spanName, attributesFrom, measured, this, arguments);
      };
    },
  });
}
