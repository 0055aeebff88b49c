import { Counter, Gauge, Histogram, Registry, Summary } from 'promkit';
import { GaugeMetricFamily } from 'promkit/exposition';
import { collectAndCount, toFloat64 } from 'promkit/testing';

describe('toFloat64', () => {
  it('reads the one series of a counter, a gauge or a custom collector', async () => {
    const jobs = new Counter({ name: 'jobs_total', help: 'Jobs.', registers: [] });
    jobs.inc(3);
    expect(await toFloat64(jobs)).toBe(3);
    const depth = new Gauge({ name: 'queue_depth', help: 'Depth.', labelNames: ['queue'], registers: [] });
    depth.set({ queue: 'mail' }, 7);
    expect(await toFloat64(depth)).toBe(7);
    const collector = {
      collect: () => [new GaugeMetricFamily('temperature_celsius', 'T.', { value: -1.5 })],
    };
    expect(await toFloat64(collector)).toBe(-1.5);
  });

  it('picks a series by some of its labels, in a metric or a whole registry', async () => {
    const registry = new Registry();
    const requests = new Counter({
      name: 'requests_total',
      help: 'Requests.',
      labelNames: ['method', 'code'],
      registers: [registry],
    });
    requests.inc({ method: 'GET', code: 200 }, 5);
    requests.inc({ method: 'POST', code: 201 });
    expect(await toFloat64(requests, { method: 'GET' })).toBe(5);
    expect(await toFloat64(registry, { code: 201 })).toBe(1);
  });

  it('refuses histograms, summaries and ambiguous picks, saying what there is', async () => {
    const latency = new Histogram({ name: 'latency_seconds', help: 'L.', buckets: [1], registers: [] });
    await expect(toFloat64(latency)).rejects.toThrow(
      'toFloat64: expected exactly one counter, gauge or untyped series, found 0; the source has ' +
        'latency_seconds_bucket{"le":"1"} (histogram), latency_seconds_bucket{"le":"+Inf"} (histogram), ' +
        'latency_seconds_sum{} (histogram), latency_seconds_count{} (histogram)',
    );
    const sizes = new Summary({ name: 'sizes_bytes', help: 'S.', registers: [] });
    await expect(toFloat64(sizes)).rejects.toThrow(/found 0/);
    const depth = new Gauge({ name: 'depth', help: 'D.', labelNames: ['queue'], registers: [] });
    depth.set({ queue: 'a' }, 1);
    depth.set({ queue: 'b' }, 2);
    await expect(toFloat64(depth)).rejects.toThrow(/found 2; the source has depth\{"queue":"a"\}/);
  });

  it('fails on a collector that throws instead of reading around it', async () => {
    const broken = {
      collect: () => {
        throw new Error('backend down');
      },
    };
    await expect(toFloat64(broken)).rejects.toThrow('backend down');
  });
});

describe('collectAndCount', () => {
  it('counts series (a histogram series once), in named families or all', async () => {
    const registry = new Registry();
    const requests = new Counter({
      name: 'requests_total',
      help: 'R.',
      labelNames: ['code'],
      registers: [registry],
    });
    for (const code of ['200', '404', '500']) requests.inc({ code });
    const latency = new Histogram({
      name: 'latency_seconds',
      help: 'L.',
      labelNames: ['route'],
      registers: [registry],
    });
    latency.observe({ route: '/a' }, 1);
    latency.observe({ route: '/b' }, 1);
    expect(await collectAndCount(registry)).toBe(5);
    expect(await collectAndCount(registry, ['requests_total'])).toBe(3);
    expect(await collectAndCount(registry, ['latency_seconds'])).toBe(2);
    expect(await collectAndCount(latency)).toBe(2);
  });
});
