import { MetricConfigError } from '../core';
import { noop } from './instrument-spec';
import { type MetricDecorator, metricDecorator } from './metric-decorator';
import type { CountExceptionsOptions } from './options';

/**
 * Counts calls that throw, reject or error (only errors of `errors` classes
 * when given, like Python's `count_exceptions(ValueError)`). The error always
 * reaches the caller untouched.
 */
export function CountExceptions(options: CountExceptionsOptions = {}): MetricDecorator {
  const errors = options.errors ?? [];
  if (!Array.isArray(errors) || errors.some((c) => typeof c !== 'function')) {
    throw new MetricConfigError('@CountExceptions: errors must be an array of error classes');
  }
  const exemplars = options.exemplars ?? 'trace';
  const counts = (error: unknown) => errors.length === 0 || errors.some((c) => error instanceof c);
  return metricDecorator({
    decorator: 'CountExceptions',
    options,
    nameSuffix: 'exceptions_total',
    defaultHelp: (method) => `Calls of ${method} that failed with an error.`,
    outcomeLabels: ['exception', 'result'],
    recordsSuccess: false,
    recordsFailure: true,
    declare: (base) => ({ type: 'counter', ...base, exemplars }),
    begin: noop,
    end(source, _started, error, failed) {
      if (failed && counts(error)) source.seriesAt(true, error).inc();
    },
    cancel: noop,
  });
}
