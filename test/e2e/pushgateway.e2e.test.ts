import { Counter, Gauge, Histogram, Pushgateway, Registry } from 'promkit';
import type { ExternalTool } from '../support/external-tool';
import { describeWithTool } from '../support/external-tool';
import { type PrometheusServer, prometheusServer, startPrometheus } from '../support/prometheus';
import { pushgatewayTool, type RunningPushgateway, startPushgateway } from '../support/pushgateway';
import { waitFor } from '../support/wait-for';

const JOB = 'nightly-import';
// A `/` forces the gateway's base64 path form; the rest must survive untouched.
const SHARD = 'eu/west ✓ "quoted"';
const GROUPINGS = { instance: 'batch-host-1', shard: SHARD };
/** The shard as a PromQL string literal (PromQL accepts JSON's escapes). */
const SHARD_MATCHER = `shard=${JSON.stringify(SHARD)}`;

const bothTools: ExternalTool = {
  name: `${prometheusServer.name} and ${pushgatewayTool.name}`,
  debianPackage: `${prometheusServer.debianPackage} ${pushgatewayTool.debianPackage}`,
  available: () => prometheusServer.available() && pushgatewayTool.available(),
};

function batchJobMetrics() {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    processed: new Counter({
      name: 'e2e_batch_records_processed_total',
      help: 'Records imported.',
      registers,
    }),
    lastSuccess: new Gauge({
      name: 'e2e_batch_last_success_timestamp_seconds',
      help: 'When the import last succeeded.',
      registers,
    }),
    duration: new Histogram({
      name: 'e2e_batch_duration_seconds',
      help: 'How long the import took.',
      buckets: [1, 10, 60],
      registers,
    }),
  };
}

describeWithTool(bothTools, 'pushing to a real Pushgateway scraped by a real Prometheus', () => {
  let gateway: RunningPushgateway | undefined;
  let prometheus: PrometheusServer | undefined;
  const batch = batchJobMetrics();
  const prom = () => prometheus as PrometheusServer;
  const pusher = () =>
    new Pushgateway((gateway as RunningPushgateway).url, { timeout: 5000 }, batch.registry);

  /** Waits until Prometheus has scraped this value for the pushed group. */
  const eventually = (promql: string, wanted: number | 'absent') =>
    waitFor(
      async () => {
        const result = await prom().query(promql);
        if (wanted === 'absent') return result.length === 0 ? result : undefined;
        return result.length === 1 && result[0].value === wanted ? result : undefined;
      },
      { what: `${promql} to be ${wanted}`, timeoutMs: 15_000 },
    );

  beforeAll(async () => {
    gateway = await startPushgateway();
    batch.processed.inc(1200);
    batch.lastSuccess.set(1_700_000_000.5);
    batch.duration.observe(42);
    await pusher().pushAdd({ jobName: JOB, groupings: GROUPINGS });
    const target = new URL(gateway.url).host;
    // honor_labels keeps the pushed job/instance instead of the gateway's own.
    prometheus = await startPrometheus([{ name: 'pushgateway', target, honorLabels: true }]);
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await gateway?.stop();
  });

  it('arrives in Prometheus under the pushed job and grouping labels', async () => {
    const [sample] = await eventually('e2e_batch_records_processed_total', 1200);
    expect(sample.metric).toMatchObject({ job: JOB, instance: GROUPINGS.instance, shard: SHARD });
    const [gauge] = await eventually(
      `e2e_batch_last_success_timestamp_seconds{job="${JOB}"}`,
      1_700_000_000.5,
    );
    expect(gauge.metric.shard).toBe(SHARD);
    await eventually(`e2e_batch_duration_seconds_count{job="${JOB}", ${SHARD_MATCHER}}`, 1);
    // One observation of 42 in the (10, 60] bucket: Prometheus interpolates the median to 10 + 50 / 2.
    await eventually(`histogram_quantile(0.5, e2e_batch_duration_seconds_bucket{job="${JOB}"})`, 35);
  });

  it('replaces the values on the next pushAdd', async () => {
    batch.processed.inc(300);
    await pusher().pushAdd({ jobName: JOB, groupings: GROUPINGS });
    await eventually(`e2e_batch_records_processed_total{job="${JOB}"}`, 1500);
    // The gateway records when each group was last pushed.
    const [pushTime] = await prom().query(`push_time_seconds{job="${JOB}", ${SHARD_MATCHER}}`);
    expect(pushTime.value).toBeGreaterThan(0);
  });

  it('keeps groups apart and removes one on delete', async () => {
    const otherGroup = { instance: 'batch-host-2', shard: 'us' };
    await pusher().pushAdd({ jobName: JOB, groupings: otherGroup });
    await eventually(`e2e_batch_records_processed_total{job="${JOB}", instance="batch-host-2"}`, 1500);
    await pusher().delete({ jobName: JOB, groupings: otherGroup });
    await eventually(`e2e_batch_records_processed_total{job="${JOB}", instance="batch-host-2"}`, 'absent');
    await eventually(`e2e_batch_records_processed_total{job="${JOB}", instance="batch-host-1"}`, 1500);
  });
});
