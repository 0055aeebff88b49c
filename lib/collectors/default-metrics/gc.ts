import { Histogram, nodeBuiltin } from '../../core';
import type { DefaultMetricSource, DefaultMetricsContext } from './context';

export const DEFAULT_GC_DURATION_BUCKETS: readonly number[] = Object.freeze([0.001, 0.01, 0.1, 1, 2, 5]);

/** Garbage collection pauses by kind, observed as V8 reports them (every entry, not just the first of a batch). */
export function gcDuration(ctx: DefaultMetricsContext, buckets: readonly number[]): DefaultMetricSource {
  const { constants, PerformanceObserver } = nodeBuiltin('node:perf_hooks', 'collectDefaultMetrics');
  const kinds: Readonly<Record<number, string>> = {
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
  };
  const name = ctx.name('nodejs_gc_duration_seconds');
  // Registered nowhere: the source exposes it, so stop() is all it takes to remove it.
  const histogram = new Histogram({
    name,
    help: 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
    labelNames: ['kind', ...ctx.labelNames],
    buckets: [...buckets],
    registers: [],
  });
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      const kindName = kind === undefined ? 'unknown' : (kinds[kind] ?? String(kind));
      histogram.labels(kindName, ...ctx.labelValues).observe(entry.duration / 1000);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    describe: () => ctx.sampleNames([['histogram', 'nodejs_gc_duration_seconds']]),
    collect: () => histogram.collect(),
    stop: () => observer.disconnect(),
  };
}
