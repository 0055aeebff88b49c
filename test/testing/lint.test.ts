import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry, Summary } from 'promkit';
import { CounterMetricFamily, GaugeMetricFamily } from 'promkit/exposition';
import { collectAndLint, lintExposition } from 'promkit/testing';
import { describeWithTool } from '../support/external-tool';
import { promtool, promtoolCheckMetrics } from '../support/promtool';

/** One family per convention broken, plus a few that break several at once. */
const BAD_METRICS = `
# HELP jobs Jobs done.
# TYPE jobs counter
jobs 1
# HELP queue_total Queue depth.
# TYPE queue_total gauge
queue_total 3
# TYPE nohelp_seconds gauge
nohelp_seconds 1
# HELP req_duration_milliseconds Request time.
# TYPE req_duration_milliseconds histogram
req_duration_milliseconds_bucket{le="+Inf"} 1
req_duration_milliseconds_sum 1
req_duration_milliseconds_count 1
# HELP cache_size_kb Cache size.
# TYPE cache_size_kb gauge
cache_size_kb 1
# HELP requestCount_total Requests.
# TYPE requestCount_total counter
requestCount_total{httpMethod="GET"} 1
# HELP job:errors:rate5m Errors.
# TYPE job:errors:rate5m gauge
job:errors:rate5m 1
# HELP workers_gauge Workers.
# TYPE workers_gauge gauge
workers_gauge 1
# HELP done_bucket Done.
# TYPE done_bucket gauge
done_bucket{le="1"} 1
# HELP weird_count Weird.
# TYPE weird_count gauge
weird_count{quantile="0.5"} 1
# HELP disk_kilobytes Disk.
# TYPE disk_kilobytes gauge
disk_kilobytes 1
# HELP batch_sum_total Batches.
# TYPE batch_sum_total summary
batch_sum_total_sum 1
batch_sum_total_count 1
`;

function perMetric(problems: readonly { metric: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { metric } of problems) counts[metric] = (counts[metric] ?? 0) + 1;
  return counts;
}

describe('lintExposition', () => {
  it("states each problem in the metric's terms", () => {
    const problems = lintExposition(BAD_METRICS).map((p) => `${p.metric} ${p.text}`);
    expect(problems).toEqual([
      'batch_sum_total is a summary, and only counter names end in "_total"',
      'cache_size_kb abbreviates its unit ("kb"); spell it out',
      'disk_kilobytes measures in "kilobytes"; use the base unit "bytes"',
      'done_bucket ends in "_bucket", which only histograms may',
      'done_bucket has an "le" label, which only histograms may',
      'job:errors:rate5m contains ":", which is reserved for recording rules',
      'jobs is a counter, so its name should end in "_total"',
      'nohelp_seconds has no help text',
      'queue_total is a gauge, and only counter names end in "_total"',
      'req_duration_milliseconds measures in "milliseconds"; use the base unit "seconds"',
      'requestCount_total is written in camelCase; use snake_case',
      'requestCount_total has labels written in camelCase (httpMethod); use snake_case',
      'weird_count ends in "_count", which only histograms and summaries may',
      'weird_count has a "quantile" label, which only summaries may',
      'workers_gauge names its type ("gauge"), which the TYPE line already gives',
    ]);
  });

  it('flags a non-gauge "_timestamp_seconds" (newer than promtool 2.42\'s rules)', () => {
    const text =
      '# HELP last_run_timestamp_seconds_total Last run.\n# TYPE last_run_timestamp_seconds_total counter\n';
    expect(lintExposition(`${text}last_run_timestamp_seconds_total 1\n`)).toEqual([]);
    expect(
      lintExposition(
        '# HELP run_timestamp_seconds Last run.\n# TYPE run_timestamp_seconds histogram\nrun_timestamp_seconds_count 1\n',
      ),
    ).toEqual([
      { metric: 'run_timestamp_seconds', text: 'is a histogram; a "_timestamp_seconds" value is a gauge' },
    ]);
  });
});

describeWithTool(promtool, 'lintExposition next to promtool check metrics', () => {
  it('finds as many problems in each metric as promtool does', async () => {
    const checked = await promtoolCheckMetrics(BAD_METRICS);
    const theirs = (checked.stdout + checked.stderr)
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => ({ metric: line.split(' ')[0] }));
    expect(theirs.length).toBeGreaterThan(10);
    expect(perMetric(lintExposition(BAD_METRICS))).toEqual(perMetric(theirs));
  });

  it("agrees with promtool on promkit's own output, default metrics included", async () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    new Counter({
      name: 'orders_created_total',
      help: 'Orders.',
      labelNames: ['channel'],
      registers: [registry],
    }).inc({ channel: 'web' });
    new Gauge({ name: 'queue_depth', help: 'Depth.', registers: [registry] }).set(1);
    new Histogram({ name: 'checkout_duration_seconds', help: 'Checkout.', registers: [registry] }).observe(1);
    new Summary({ name: 'payload_size_bytes', help: 'Payloads.', registers: [registry] }).observe(1);
    registry.registerCollector({
      collect: () => [
        new CounterMetricFamily('imports_total', 'Imports.', { value: 1 }),
        new GaugeMetricFamily('last_import_timestamp_seconds', 'Last import.', { value: 1 }),
      ],
    });
    const checked = await promtoolCheckMetrics(await registry.metrics());
    const theirs = (checked.stdout + checked.stderr)
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => ({ metric: line.split(' ')[0] }));
    const ours = await collectAndLint(registry);
    expect(perMetric(ours)).toEqual(perMetric(theirs));
    // prom-client's names for the active-resource totals are gauges ending in "_total"; nothing else is flagged.
    expect(ours.map((p) => p.metric)).toEqual([
      'nodejs_active_handles_total',
      'nodejs_active_requests_total',
      'nodejs_active_resources_total',
    ]);
  });
});
