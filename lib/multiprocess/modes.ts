import type { Aggregator, Metric, MultiprocessMode } from '../core';
import { familyNameOf, type MetricType } from '../model';

/** Where the processes (or threads) whose metrics are combined come from. */
export type Deployment = 'cluster' | 'threads' | 'directory';

/** What a mode does with the value of one series in each process. */
export type Reduction = 'all' | 'sum' | 'min' | 'max' | 'mostrecent' | 'first' | 'average' | 'omit';

export interface ResolvedMode {
  readonly reduction: Reduction;
  /** Only processes that are still running take part. */
  readonly live: boolean;
}

export function parseMode(mode: MultiprocessMode): ResolvedMode {
  const live = mode.startsWith('live');
  return { reduction: (live ? mode.slice(4) : mode) as Reduction, live };
}

/** Gauge-like types: a value of a process means nothing once the process is gone. */
function isGaugeLike(type: MetricType): boolean {
  return type === 'gauge' || type === 'unknown' || type === 'info' || type === 'stateset';
}

/**
 * The mode a metric declared, if any. prom-client's aggregators only ever saw
 * the workers that answered, so for gauges they mean the `live` modes; for
 * counters, histograms and summaries they cover exited processes too.
 */
export function declaredMode(metric: Metric<string, any>): MultiprocessMode | undefined {
  const { aggregator, multiprocessMode } = metric.aggregation;
  if (multiprocessMode !== undefined) return multiprocessMode;
  if (aggregator === undefined) return undefined;
  return modeOfAggregator(aggregator, metric.type);
}

export function modeOfAggregator(aggregator: Aggregator, type: MetricType): MultiprocessMode {
  if (aggregator === 'omit' || !isGaugeLike(type)) return aggregator;
  return `live${aggregator}` as MultiprocessMode;
}

/**
 * Default metrics whose sum across processes means nothing, and what they
 * use instead (prom-client's choices, except that version and start time stay
 * visible). Matched by the end of the name, so any prefix is covered.
 */
const DEFAULT_METRIC_MODES: readonly (readonly [string, MultiprocessMode])[] = [
  ['process_start_time_seconds', 'livemin'],
  ['process_max_fds', 'livemin'],
  ['nodejs_version_info', 'livemax'],
  ['nodejs_eventloop_lag_min_seconds', 'livemin'],
  ['nodejs_eventloop_lag_max_seconds', 'livemax'],
  ['nodejs_eventloop_lag_seconds', 'liveaverage'],
  ['nodejs_eventloop_lag_mean_seconds', 'liveaverage'],
  ['nodejs_eventloop_lag_stddev_seconds', 'liveaverage'],
  ['nodejs_eventloop_lag_p50_seconds', 'liveaverage'],
  ['nodejs_eventloop_lag_p90_seconds', 'liveaverage'],
  ['nodejs_eventloop_lag_p99_seconds', 'liveaverage'],
  ['nodejs_eventloop_utilization', 'liveaverage'],
];

/**
 * Threads share their process: these report the whole process in every
 * thread, so the main thread's value (the first) is the one to show.
 */
const PROCESS_WIDE =
  /(^|_)process_(cpu_(user_|system_)?seconds|resident_memory_bytes|virtual_memory_bytes|heap_bytes|open_fds|max_fds|start_time_seconds)$/;

/** Metrics of the aggregation itself, which only the aggregating process reports. */
const AGGREGATION_METRICS = /^promkit_aggregation_/;

/**
 * The mode used when a family declared none. Counters, histograms and
 * summaries always add up (exited processes included). Gauges add up the
 * running processes in a cluster and across threads, as prom-client does; a
 * shared directory serves independent processes, so there each keeps its own
 * series under a `pid` label, as the Python client does, but only while it
 * runs. Infos show each distinct label set of a running process once;
 * statesets show each running process's states.
 */
export function defaultMode(name: string, type: MetricType, deployment: Deployment): MultiprocessMode {
  const base = type === 'counter' ? familyNameOf(type, name) : name;
  if (AGGREGATION_METRICS.test(base)) return 'omit';
  if (deployment === 'threads' && PROCESS_WIDE.test(base)) return 'livefirst';
  for (const [suffix, mode] of DEFAULT_METRIC_MODES) if (base.endsWith(suffix)) return mode;
  switch (type) {
    case 'counter':
    case 'histogram':
    case 'summary':
      return 'sum';
    case 'info':
      return 'livemax';
    case 'stateset':
      return 'liveall';
    default:
      return deployment === 'directory' ? 'liveall' : 'livesum';
  }
}

/** The label that tells processes apart in `all` modes. */
export function workerLabelOf(deployment: Deployment): string {
  return deployment === 'directory' ? 'pid' : 'worker';
}
