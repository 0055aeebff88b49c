import { collectDefaultMetrics, Registry } from 'promkit';
import { GaugeMetricFamily, HistogramMetricFamily } from 'promkit/exposition';
import { describeWithTool } from '../support/external-tool';
import { promtool, promtoolCheckMetrics } from '../support/promtool';

const KEPT_FOR_COMPATIBILITY = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

describeWithTool(promtool, 'promtool check metrics on collector output', () => {
  it('parses the default metrics and builder families; lint flags only the prom-client gauge names', async () => {
    const registry = new Registry();
    const handle = collectDefaultMetrics({ register: registry });
    try {
      registry.registerCollector({
        collect: () => [
          new GaugeMetricFamily('queue_depth', 'Jobs waiting.', { labels: ['queue'] }).addMetric(
            ['emails'],
            3,
          ),
          new HistogramMetricFamily('job_seconds', 'Job time.', {
            buckets: [
              [1, 2],
              ['+Inf', 3],
            ],
            sum: 4,
          }),
        ],
      });
      const result = await promtoolCheckMetrics(await registry.metrics());
      // Parsed, and the only lint findings are prom-client's gauge names, kept so dashboards keep working.
      expect((result.stderr + result.stdout).split('\n').filter(Boolean).sort()).toEqual(
        KEPT_FOR_COMPATIBILITY.map((name) => `${name} non-counter metrics should not have "_total" suffix`),
      );
    } finally {
      handle.stop();
    }
  });
});
