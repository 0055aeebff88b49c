import { realPerformance } from '../../core';
import type { DefaultMetricSource, DefaultMetricsContext } from './context';

/** `timeOrigin` is when this process started, to the millisecond, and never changes. */
const START_SECONDS = realPerformance.timeOrigin / 1000;

export function processStartTime(ctx: DefaultMetricsContext): DefaultMetricSource {
  return {
    describe: () => ctx.sampleNames([['gauge', 'process_start_time_seconds']]),
    collect: () => [
      ctx.gauge(
        'process_start_time_seconds',
        'Start time of the process since unix epoch in seconds.',
        START_SECONDS,
      ),
    ],
  };
}
