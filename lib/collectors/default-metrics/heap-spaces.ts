import { nodeBuiltin } from '../../core';
import type { DefaultMetricSource, DefaultMetricsContext } from './context';

const SIZES = ['total', 'used', 'available'] as const;

const familyName = (size: (typeof SIZES)[number]) => `nodejs_heap_space_size_${size}_bytes`;

/** Each V8 heap space's size, labelled `space` (`new`, `old`, `code`, ...). */
export function heapSpaces(ctx: DefaultMetricsContext): DefaultMetricSource {
  const { getHeapSpaceStatistics } = nodeBuiltin('node:v8', 'collectDefaultMetrics');
  return {
    describe: () => ctx.sampleNames(SIZES.map((size) => ['gauge', familyName(size)] as const)),
    collect: () => {
      const spaces = getHeapSpaceStatistics().map((s) => ({
        // `new_space` is exposed as `new`, as prom-client does.
        space: s.space_name.replace(/_space$/, ''),
        total: s.space_size,
        used: s.space_used_size,
        available: s.space_available_size,
      }));
      return SIZES.map((size) =>
        ctx.gaugeBy(
          familyName(size),
          `Process heap space size ${size} from Node.js in bytes.`,
          'space',
          spaces.map((s) => [s.space, s[size]] as const),
        ),
      );
    },
  };
}
