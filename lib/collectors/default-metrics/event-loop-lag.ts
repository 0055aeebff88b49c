import type { IntervalHistogram } from 'node:perf_hooks';
import { nodeBuiltin } from '../../core';
import type { MetricFamily } from '../../model';
import type { DefaultMetricSource, DefaultMetricsContext } from './context';

const STATISTICS = [
  ['nodejs_eventloop_lag_min_seconds', 'The minimum recorded event loop delay.'],
  ['nodejs_eventloop_lag_max_seconds', 'The maximum recorded event loop delay.'],
  ['nodejs_eventloop_lag_mean_seconds', 'The mean of the recorded event loop delays.'],
  ['nodejs_eventloop_lag_stddev_seconds', 'The standard deviation of the recorded event loop delays.'],
  ['nodejs_eventloop_lag_p50_seconds', 'The 50th percentile of the recorded event loop delays.'],
  ['nodejs_eventloop_lag_p90_seconds', 'The 90th percentile of the recorded event loop delays.'],
  ['nodejs_eventloop_lag_p99_seconds', 'The 99th percentile of the recorded event loop delays.'],
] as const;

const LAG = 'nodejs_eventloop_lag_seconds';

type LagWindow = Record<(typeof STATISTICS)[number][0] | typeof LAG, number>;

/**
 * Before the monitor's first sample (about two resolutions after it starts)
 * nothing has been measured: every statistic is NaN, as Prometheus clients
 * report the quantiles of an empty summary, rather than the empty histogram's
 * sentinels (a minimum of 9.2e9 s) or a delay of 0 that was never observed.
 */
const NOT_MEASURED = Object.fromEntries(
  [LAG, ...STATISTICS.map(([name]) => name)].map((name) => [name, Number.NaN]),
) as LagWindow;

/**
 * Event-loop delay sampled by Node's own timer (`monitorEventLoopDelay`), so it
 * measures the loop between scrapes rather than the scrape itself. Each
 * scrape reports the window since the previous scrape and starts a new one;
 * `nodejs_eventloop_lag_seconds` is that window's mean.
 *
 * Node records the whole interval between its timer's wake-ups, which
 * includes the sampling resolution itself; that is subtracted so an idle loop
 * reports about 0 rather than the resolution (prom-client reports it raw).
 */
export function eventLoopLag(ctx: DefaultMetricsContext, resolutionMs: number): DefaultMetricSource {
  const { monitorEventLoopDelay } = nodeBuiltin('node:perf_hooks', 'collectDefaultMetrics');
  const monitor = monitorEventLoopDelay({ resolution: resolutionMs });
  monitor.enable();
  const resolutionNs = resolutionMs * 1e6;
  // A scrape that comes before the monitor's first sample of a window repeats the last window.
  let last = NOT_MEASURED;
  return {
    describe: () =>
      ctx.sampleNames([LAG, ...STATISTICS.map(([name]) => name)].map((n) => ['gauge', n] as const)),
    collect: () => {
      if (monitor.count > 0) {
        last = readWindow(monitor, resolutionNs);
        monitor.reset();
      }
      const window = last;
      const families: MetricFamily[] = [ctx.gauge(LAG, 'Lag of event loop in seconds.', window[LAG])];
      for (const [name, help] of STATISTICS) families.push(ctx.gauge(name, help, window[name]));
      return families;
    },
    stop: () => monitor.disable(),
  };
}

function readWindow(monitor: IntervalHistogram, resolutionNs: number): LagWindow {
  const seconds = (ns: number) => Math.max(0, ns - resolutionNs) / 1e9;
  return {
    [LAG]: seconds(monitor.mean),
    nodejs_eventloop_lag_min_seconds: seconds(monitor.min),
    nodejs_eventloop_lag_max_seconds: seconds(monitor.max),
    nodejs_eventloop_lag_mean_seconds: seconds(monitor.mean),
    // A spread is not offset by the resolution.
    nodejs_eventloop_lag_stddev_seconds: monitor.stddev / 1e9,
    nodejs_eventloop_lag_p50_seconds: seconds(monitor.percentile(50)),
    nodejs_eventloop_lag_p90_seconds: seconds(monitor.percentile(90)),
    nodejs_eventloop_lag_p99_seconds: seconds(monitor.percentile(99)),
  };
}
