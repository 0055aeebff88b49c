import { MetricConfigError, now, secondsSince } from '../core';
import { noop } from './instrument-spec';
import { LongTaskTimed } from './long-task-timed';
import { type MetricDecorator, metricDecorator } from './metric-decorator';
import type { TimedOptions } from './options';

/**
 * Records how long each call takes, in seconds, until it really ends (see
 * `trackCall`), in a histogram or (`type: 'summary'`) a summary. Declare
 * `exception` in `labelNames` to split by the error's class name (`none` on
 * success), as Micrometer's @Timed does.
 */
export function Timed(options: TimedOptions = {}): MetricDecorator {
  if (options.longTask === true) return LongTaskTimed(options);
  const summary = options.type === 'summary';
  if (options.type !== undefined && options.type !== 'histogram' && !summary) {
    throw new MetricConfigError(`@Timed: type must be "histogram" or "summary", got "${options.type}"`);
  }
  if (summary ? options.buckets !== undefined : options.percentiles !== undefined) {
    throw new MetricConfigError(
      `@Timed${options.name ? ` ("${options.name}")` : ''}: ${summary ? 'buckets apply to histograms' : 'percentiles apply to summaries (type: "summary")'}`,
    );
  }
  if (summary && options.native !== undefined && options.native !== false) {
    throw new MetricConfigError(
      `@Timed${options.name ? ` ("${options.name}")` : ''}: native buckets apply to histograms (summaries have quantiles)`,
    );
  }
  if (summary && options.exemplars === 'trace') {
    throw new MetricConfigError(
      `@Timed${options.name ? ` ("${options.name}")` : ''}: exemplars apply to histograms (summaries carry none)`,
    );
  }
  // Read once: every method and registry the decorator declares its metric in uses these.
  const { buckets, percentiles, native } = options;
  const exemplars = options.exemplars ?? 'trace';
  return metricDecorator({
    decorator: 'Timed',
    options,
    nameSuffix: 'duration_seconds',
    defaultHelp: (method) => `Duration of ${method} calls in seconds.`,
    outcomeLabels: ['exception', 'result'],
    recordsSuccess: true,
    recordsFailure: true,
    declare: summary
      ? (base) => ({ type: 'summary', ...base, percentiles })
      : (base) => ({ type: 'histogram', ...base, buckets, native, exemplars }),
    begin: now,
    end(source, start, error, failed) {
      source.seriesAt(failed, error).observe(secondsSince(start as number));
    },
    cancel: noop,
  });
}
