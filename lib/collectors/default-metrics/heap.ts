import type { DefaultMetricSource, DefaultMetricsContext } from './context';

/** The V8 heap and memory held outside it (buffers), from `process.memoryUsage()`. */
export function heap(ctx: DefaultMetricsContext): DefaultMetricSource {
  return {
    describe: () =>
      ctx.sampleNames([
        ['gauge', 'nodejs_heap_size_total_bytes'],
        ['gauge', 'nodejs_heap_size_used_bytes'],
        ['gauge', 'nodejs_external_memory_bytes'],
      ]),
    collect: () => {
      const usage = process.memoryUsage();
      return [
        ctx.gauge(
          'nodejs_heap_size_total_bytes',
          'Process heap size from Node.js in bytes.',
          usage.heapTotal,
        ),
        ctx.gauge(
          'nodejs_heap_size_used_bytes',
          'Process heap size used from Node.js in bytes.',
          usage.heapUsed,
        ),
        ctx.gauge('nodejs_external_memory_bytes', 'Node.js external memory size in bytes.', usage.external),
      ];
    },
  };
}
