import { noop } from './instrument-spec';
import { type MetricDecorator, metricDecorator } from './metric-decorator';
import type { CountedOptions } from './options';

/**
 * Counts calls when they end, labelled `result="success"` or `"failure"`
 * (only failures with `failuresOnly`). The `result` label is always declared.
 */
export function Counted(options: CountedOptions = {}): MetricDecorator {
  const failuresOnly = options.failuresOnly === true;
  const exemplars = options.exemplars ?? 'trace';
  return metricDecorator({
    decorator: 'Counted',
    options,
    nameSuffix: 'calls_total',
    defaultHelp: (method) => `Calls of ${method}${failuresOnly ? ' that failed' : ''}, by result.`,
    outcomeLabels: ['exception', 'result'],
    recordsSuccess: !failuresOnly,
    recordsFailure: true,
    declare: (base) => ({ type: 'counter', ...base, exemplars }),
    begin: noop,
    end(source, _started, error, failed) {
      if (failed || !failuresOnly) source.seriesAt(failed, error).inc();
    },
    cancel: noop,
  });
}
