import type { GaugeSeries } from '../core';
import { type MetricDecorator, metricDecorator } from './metric-decorator';
import type { TrackInProgressOptions } from './options';

/**
 * A gauge of calls in flight: up on entry, down when the call really ends
 * (settled Promise, finished subscription, exhausted generator...).
 */
export function TrackInProgress(options: TrackInProgressOptions = {}): MetricDecorator {
  return metricDecorator({
    decorator: 'TrackInProgress',
    options,
    nameSuffix: 'in_progress',
    defaultHelp: (method) => `Calls of ${method} in progress.`,
    outcomeLabels: [],
    recordsSuccess: true,
    recordsFailure: false,
    declare: (base) => ({ type: 'gauge', ...base }),
    begin(source) {
      const series = source.seriesAt(false, undefined);
      series.inc();
      return series;
    },
    end: (_source, series) => (series as GaugeSeries).dec(),
    cancel: (_source, series) => (series as GaugeSeries).dec(),
  });
}
