import { Counter, Gauge, Histogram, pushRemoteWrite, Registry, Summary, startRemoteWrite } from 'promkit';
import { describeWithTool } from '../support/external-tool';
import { type PrometheusServer, prometheusServer, startPrometheus } from '../support/prometheus';

/**
 * A real Prometheus 2.42 with its Remote Write receiver on (it speaks 1.0
 * only) is sent one collection of a registry, and every value is read back
 * with PromQL: counters, gauges, classic histograms (histogram_quantile over
 * the pushed buckets), summaries, native histograms and exemplars.
 */

const BUCKETS = [0.1, 0.5, 1, 5];
const OBSERVED = [0.05, 0.2, 0.3, 0.7, 0.9, 2, 3, 8];

describeWithTool(prometheusServer, 'Remote Write to a real Prometheus', () => {
  let prometheus: PrometheusServer | undefined;
  const prom = () => prometheus as PrometheusServer;
  const url = () => `${prom().url}/api/v1/write`;

  async function one(promql: string): Promise<number> {
    const result = await prom().query(promql);
    if (result.length !== 1) throw new Error(`${promql}: expected one series, got ${JSON.stringify(result)}`);
    return result[0].value;
  }

  beforeAll(async () => {
    prometheus = await startPrometheus([], { features: ['native-histograms'], remoteWriteReceiver: true });
  }, 30_000);

  afterAll(async () => {
    await prometheus?.stop();
  });

  function appRegistry(job: string) {
    const registry = new Registry();
    const jobs = new Counter({
      name: 'rw_jobs_total',
      help: 'Jobs done.',
      labelNames: ['queue'],
      registers: [registry],
      enableExemplars: true,
    });
    jobs.inc({ labels: { queue: 'mail' }, value: 7, exemplarLabels: { trace_id: 'abc123' } });
    const inFlight = new Gauge({ name: 'rw_in_flight', help: 'Requests in flight.', registers: [registry] });
    inFlight.set(-2.5);
    const latency = new Histogram({
      name: 'rw_latency_seconds',
      help: 'Latency.',
      buckets: BUCKETS,
      registers: [registry],
    });
    for (const v of OBSERVED) latency.observe(v);
    const size = new Summary({
      name: 'rw_size_bytes',
      help: 'Sizes.',
      percentiles: [0.5, 0.9],
      registers: [registry],
    });
    for (const v of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) size.observe(v);
    const native = new Histogram({
      name: 'rw_native_seconds',
      help: 'Native.',
      native: { schema: 3 },
      registers: [registry],
    });
    for (const v of OBSERVED) native.observe(v);
    return { registry, job, jobs };
  }

  it('takes a 1.0 push and answers PromQL with every pushed value', async () => {
    const { registry, job } = appRegistry('push-v1');
    const result = await pushRemoteWrite({ url: url(), registry, version: '1.0', job, instance: 'host-a' });
    expect(result.version).toBe('1.0');
    expect(result.histograms).toBe(1);
    const sel = `{job="${job}", instance="host-a"}`;
    await expect(one(`rw_jobs_total{job="${job}", queue="mail"}`)).resolves.toBe(7);
    await expect(one(`rw_in_flight${sel}`)).resolves.toBe(-2.5);
    await expect(one(`rw_latency_seconds_count${sel}`)).resolves.toBe(OBSERVED.length);
    await expect(one(`rw_latency_seconds_sum${sel}`)).resolves.toBeCloseTo(15.15, 12);
    await expect(one(`rw_latency_seconds_bucket{job="${job}", le="1"}`)).resolves.toBe(5);
    // Cumulative 1, 3, 5, 7, 8: the median (rank 4) is half-way into (0.5, 1], rank 2 half-way into (0.1, 0.5].
    await expect(one(`histogram_quantile(0.5, rw_latency_seconds_bucket${sel})`)).resolves.toBe(0.75);
    await expect(one(`histogram_quantile(0.25, rw_latency_seconds_bucket${sel})`)).resolves.toBeCloseTo(
      0.3,
      12,
    );
    await expect(one(`rw_size_bytes_sum${sel}`)).resolves.toBe(55);
    // Every float sample the registry holds, queried back by its exact labels.
    const samples = (await registry.getSamples()).filter((s) => !s.name.startsWith('rw_native_'));
    expect(samples).toHaveLength(13);
    for (const s of samples) {
      const labels = Object.entries({ ...s.labels, job }).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
      await expect(one(`{__name__="${s.name}", ${labels.join(', ')}}`)).resolves.toBe(s.value);
    }
    await expect(one(`histogram_count(rw_native_seconds${sel})`)).resolves.toBe(OBSERVED.length);
    await expect(one(`histogram_sum(rw_native_seconds${sel})`)).resolves.toBeCloseTo(15.15, 12);
    const now = Date.now() / 1000;
    const exemplars = await prom().queryExemplars(`rw_jobs_total{job="${job}"}`, now - 60, now + 60);
    expect(exemplars).toHaveLength(1);
    expect(exemplars[0].exemplars[0]).toMatchObject({ labels: { trace_id: 'abc123' }, value: 7 });
  });

  it('falls back to 1.0 when 2.0 is answered as a 1.0 receiver does, and the data arrives', async () => {
    const { registry, job } = appRegistry('push-v2');
    const result = await pushRemoteWrite({ url: url(), registry, job, instance: 'host-b' });
    expect(result.version).toBe('1.0');
    await expect(one(`rw_jobs_total{job="${job}", queue="mail"}`)).resolves.toBe(7);
    await expect(one(`histogram_count(rw_native_seconds{job="${job}"})`)).resolves.toBe(OBSERVED.length);
  });

  it('drops a series from instant queries once the loop sends its stale marker', async () => {
    const registry = new Registry();
    const queue = new Gauge({
      name: 'rw_queue_depth',
      help: 'Depth.',
      labelNames: ['queue'],
      registers: [registry],
    });
    queue.set({ queue: 'mail' }, 3);
    queue.set({ queue: 'sms' }, 4);
    // An exemplar sent again with every collection must not make Prometheus refuse the request.
    const sent = new Counter({
      name: 'rw_loop_sent_total',
      help: 'Sent.',
      registers: [registry],
      enableExemplars: true,
    });
    sent.inc({ value: 2, exemplarLabels: { trace_id: 'loop1' } });
    const handle = startRemoteWrite({
      url: url(),
      registry,
      job: 'loop',
      instance: 'h',
      intervalSeconds: 3600,
    });
    try {
      await expect(handle.flush(5)).resolves.toBe(true);
      const depths = async () =>
        (await prom().query('rw_queue_depth{job="loop"}')).map((s) => [s.metric.queue, s.value]).sort();
      await expect(depths()).resolves.toEqual([
        ['mail', 3],
        ['sms', 4],
      ]);
      queue.remove({ queue: 'sms' });
      await expect(handle.flush(5)).resolves.toBe(true);
      await expect(depths()).resolves.toEqual([['mail', 3]]);
      await expect(one('rw_loop_sent_total{job="loop"}')).resolves.toBe(2);
      const failed = await registry.getSampleValue('promkit_remote_storage_samples_failed_total', {
        remote_name: 'remote_write',
        url: url(),
      });
      expect(failed).toBe(0);
    } finally {
      await expect(handle.stop()).resolves.toBe(true);
    }
    await expect(prom().query('rw_queue_depth{job="loop"}')).resolves.toEqual([]);
  });
});
