import type { DefaultMetricSource, DefaultMetricsContext } from './context';

/**
 * CPU time since the process started (prom-client counts from the call to
 * collectDefaultMetrics instead; the process total is what the name promises
 * and what other clients report).
 */
export function processCpu(ctx: DefaultMetricsContext): DefaultMetricSource {
  return {
    describe: () =>
      ctx.sampleNames([
        ['counter', 'process_cpu_user_seconds'],
        ['counter', 'process_cpu_system_seconds'],
        ['counter', 'process_cpu_seconds'],
      ]),
    collect: () => {
      const { user, system } = process.cpuUsage();
      return [
        ctx.counter('process_cpu_user_seconds_total', 'Total user CPU time spent in seconds.', user / 1e6),
        ctx.counter(
          'process_cpu_system_seconds_total',
          'Total system CPU time spent in seconds.',
          system / 1e6,
        ),
        ctx.counter(
          'process_cpu_seconds_total',
          'Total user and system CPU time spent in seconds.',
          (user + system) / 1e6,
        ),
      ];
    },
  };
}
