import type { EventLoopUtilization } from 'node:perf_hooks';
import { nodeBuiltin } from '../../core';
import type { DefaultMetricSource, DefaultMetricsContext } from './context';

/** The share of time the event loop was busy (0 to 1) since the previous scrape. */
export function eventLoopUtilization(ctx: DefaultMetricsContext): DefaultMetricSource {
  const { performance } = nodeBuiltin('node:perf_hooks', 'collectDefaultMetrics');
  let previous: EventLoopUtilization = performance.eventLoopUtilization();
  return {
    describe: () => ctx.sampleNames([['gauge', 'nodejs_eventloop_utilization']]),
    collect: () => {
      const current = performance.eventLoopUtilization();
      const { utilization } = performance.eventLoopUtilization(current, previous);
      previous = current;
      return [
        ctx.gauge(
          'nodejs_eventloop_utilization',
          'Ratio of time the event loop was busy since the previous scrape (0 to 1).',
          utilization,
        ),
      ];
    },
  };
}
