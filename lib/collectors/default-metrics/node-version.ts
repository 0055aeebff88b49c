import { GaugeMetricFamily } from '../families';
import type { DefaultMetricSource, DefaultMetricsContext } from './context';

/** `nodejs_version_info{version,major,minor,patch} 1`: a gauge, as prom-client exposes it. */
export function nodeVersion(ctx: DefaultMetricsContext): DefaultMetricSource {
  const [major, minor, patch] = process.versions.node.split('.');
  const labels = ['version', 'major', 'minor', 'patch', ...ctx.labelNames];
  const values = [process.version, major, minor, patch, ...ctx.labelValues];
  return {
    describe: () => ctx.sampleNames([['gauge', 'nodejs_version_info']]),
    collect: () => [
      new GaugeMetricFamily(ctx.name('nodejs_version_info'), 'Node.js version info.', { labels }).addMetric(
        values,
        1,
      ),
    ],
  };
}
