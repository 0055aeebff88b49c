import { Counter, Gauge, Histogram, pushRemoteWrite, Registry, Summary } from 'promkit';
import { describeWithTool } from '../support/external-tool';
import {
  startVictoriaMetrics,
  type VictoriaMetricsServer,
  victoriaMetricsServer,
} from '../support/victoria-metrics';
import { waitFor } from '../support/wait-for';

/**
 * VictoriaMetrics 1.79 takes Remote Write 1.0 at /api/v1/write (it decodes a
 * 2.0 request as an empty 1.0 one): every value of one pushed collection is
 * read back, to the 12 significant digits VictoriaMetrics stores.
 */

describeWithTool(victoriaMetricsServer, 'Remote Write to a real VictoriaMetrics', () => {
  let vm: VictoriaMetricsServer | undefined;

  beforeAll(async () => {
    vm = await startVictoriaMetrics();
  }, 30_000);
  afterAll(() => vm?.stop());

  it('stores every value of a push that started as 2.0 and fell back to 1.0', async () => {
    const registry = new Registry();
    const jobs = new Counter({
      name: 'vm_jobs_total',
      help: 'Jobs.',
      labelNames: ['queue'],
      registers: [registry],
    });
    jobs.inc({ queue: 'mail' }, 4);
    jobs.inc({ queue: 'sms' }, 1.25);
    new Gauge({ name: 'vm_temperature', help: 'Temperature.', registers: [registry] }).set(-3.75);
    const latency = new Histogram({
      name: 'vm_latency_seconds',
      help: 'Latency.',
      buckets: [0.1, 1],
      registers: [registry],
    });
    for (const v of [0.05, 0.5, 0.7, 2]) latency.observe(v);
    const size = new Summary({
      name: 'vm_size_bytes',
      help: 'Sizes.',
      percentiles: [0.5, 0.99],
      registers: [registry],
    });
    for (const v of [5, 1, 3]) size.observe(v);

    const result = await pushRemoteWrite({
      url: `${vm!.url}/api/v1/write`,
      registry,
      job: 'vm-app',
      instance: 'h1',
    });
    expect(result.version).toBe('1.0');

    const samples = await registry.getSamples();
    expect(samples).toHaveLength(2 + 1 + 5 + 4);
    for (const s of samples) {
      const labels = Object.entries({ ...s.labels, job: 'vm-app', instance: 'h1' }).map(
        ([k, v]) => `${k}=${JSON.stringify(v)}`,
      );
      const promql = `{__name__="${s.name}", ${labels.join(', ')}}`;
      const stored = await waitFor(
        async () => {
          const found = await vm!.query(promql);
          return found.length === 1 ? found[0].value : undefined;
        },
        { what: promql, timeoutMs: 10_000 },
      );
      // VictoriaMetrics keeps 12 significant decimal digits (its storage's precision, documented).
      expect(stored.toPrecision(12)).toBe(s.value.toPrecision(12));
    }
  });
});
