import { type Collector, Counter, Gauge, Histogram, Registry, register } from 'promkit';
import type { MetricFamily } from 'promkit/exposition';
import { collectAndCompare } from 'promkit/testing';

describe('Registry', () => {
  let registry: Registry;
  beforeEach(() => {
    registry = new Registry();
  });

  it('rejects a second metric with the same name, and names that would clash in the exposition', () => {
    new Counter({ name: 'jobs_total', help: 'J', registers: [registry] });
    expect(() => new Counter({ name: 'jobs_total', help: 'J', registers: [registry] })).toThrow(
      /A metric with the name jobs_total has already been registered/,
    );
    expect(() => new Gauge({ name: 'jobs', help: 'J', registers: [registry] })).toThrow(
      /clashes with "jobs_total"/,
    );
    new Histogram({ name: 'lat', help: 'L', registers: [registry] });
    expect(() => new Gauge({ name: 'lat_bucket', help: 'L', registers: [registry] })).toThrow(
      /already been registered/,
    );
  });

  it('names both types when a name is registered again as another type', () => {
    new Counter({ name: 'jobs_total', help: 'J', registers: [registry] });
    expect(() => new Gauge({ name: 'jobs_total', help: 'J', registers: [registry] })).toThrow(
      'A metric with the name jobs_total has already been registered. It is registered with type counter (here: type gauge).',
    );
    expect(() => new Gauge({ name: 'jobs', help: 'J', registers: [registry] })).toThrow(
      'A metric with the name jobs has already been registered. Its name "jobs" clashes with "jobs_total", registered with type counter (here: type gauge).',
    );
  });

  it('registers metrics with the global register by default', async () => {
    const c = new Counter({ name: 'promkit_test_default_total', help: 'D' });
    expect(register.getSingleMetric('promkit_test_default_total')).toBe(c);
    register.removeSingleMetric('promkit_test_default_total');
    expect(register.getSingleMetric('promkit_test_default_total')).toBeUndefined();
  });

  it('applies default labels unless the series has its own value', async () => {
    const c = new Counter({ name: 'x_total', help: 'X', labelNames: ['service'], registers: [registry] });
    new Gauge({ name: 'g', help: 'G', registers: [registry] }).set(1);
    c.inc({ service: 'own' });
    registry.setDefaultLabels({ service: 'default', region: 'eu' });
    const text = await registry.metrics();
    // Where prom-client writes them: the series' own labels, then the defaults it does not override.
    expect(text).toContain('x_total{service="own",region="eu"} 1');
    expect(text).toContain('g{service="default",region="eu"} 1');
    expect(await registry.getSampleValue('g')).toBe(1);
    expect(await registry.getSampleValue('g', { service: 'default', region: 'eu' })).toBe(1);
    expect((await registry.getMetricsAsJSON())[1].values[0].labels).toEqual({
      service: 'default',
      region: 'eu',
    });
  });

  it('restricts the output to the requested names (family or sample names)', async () => {
    new Counter({ name: 'a_total', help: 'A', registers: [registry] });
    new Histogram({ name: 'b', help: 'B', buckets: [1], registers: [registry] });
    new Gauge({ name: 'c', help: 'C', registers: [registry] });
    await collectAndCompare(
      await registry.metrics({ names: ['a_total', 'b_bucket'] }),
      `
# HELP a_total A
# TYPE a_total counter
a_total 0
# HELP b B
# TYPE b histogram
b_bucket{le="1"} 0
b_bucket{le="+Inf"} 0
b_sum 0
b_count 0
`,
    );
    expect(await registry.getSingleMetricAsString('c')).toBe('# HELP c C\n# TYPE c gauge\nc 0\n');
  });

  it('writes target_info', async () => {
    registry.setTargetInfo({ service_name: 'orders', service_version: '1.0' });
    expect(await registry.metrics({ format: 'openmetrics' })).toBe(
      '# HELP target Target metadata\n# TYPE target info\ntarget_info{service_name="orders",service_version="1.0"} 1\n# EOF\n',
    );
  });

  it('serves OpenMetrics when created with the OpenMetrics content type', async () => {
    const om = new Registry(Registry.OPENMETRICS_CONTENT_TYPE);
    new Counter({ name: 'x_total', help: 'X', registers: [om] }).inc();
    expect(om.contentType).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    const out = await om.metrics();
    expect(out.startsWith('# HELP x X\n# TYPE x counter\nx_total 1\n')).toBe(true);
    expect(out.endsWith('# EOF\n')).toBe(true);
    expect(() => new Registry('text/html' as never)).toThrow('Content type text/html is unsupported');
  });

  it('merges registries and refuses duplicates', async () => {
    const other = new Registry();
    new Counter({ name: 'a_total', help: 'A', registers: [registry] });
    new Counter({ name: 'b_total', help: 'B', registers: [other] });
    const merged = Registry.merge([registry, other]);
    expect(await merged.metrics()).toContain('b_total 0');
    new Counter({ name: 'a_total', help: 'A', registers: [other] });
    expect(() => Registry.merge([registry, other])).toThrow(/already been registered/);
  });

  it('resets and clears', async () => {
    const c = new Counter({ name: 'x_total', help: 'X', registers: [registry] });
    c.inc(5);
    registry.resetMetrics();
    expect(await registry.getSampleValue('x_total')).toBe(0);
    registry.clear();
    expect(await registry.metrics()).toBe('');
    expect(registry.getMetricsAsArray()).toEqual([]);
  });

  describe('custom collectors', () => {
    const queueFamily = (depth: number): MetricFamily => ({
      name: 'queue_depth',
      help: 'Depth',
      type: 'gauge',
      points: [{ labelNames: [], labelValues: [], value: depth }],
    });

    it('scrapes sync and async collectors and detects duplicates from describe()', async () => {
      const collector: Collector = { collect: async () => [queueFamily(7)], describe: () => ['queue_depth'] };
      registry.registerCollector(collector);
      expect(await registry.getSampleValue('queue_depth')).toBe(7);
      expect(() => new Gauge({ name: 'queue_depth', help: 'D', registers: [registry] })).toThrow(
        /already been registered/,
      );
      registry.unregisterCollector(collector);
      expect(await registry.metrics()).toBe('');
    });

    it('keeps serving every other metric when one collector fails, and counts the failure', async () => {
      const errors: string[] = [];
      const lenient = new Registry(undefined, { onCollectError: (_e, name) => errors.push(name) });
      new Gauge({ name: 'ok', help: 'OK', registers: [lenient] }).set(1);
      lenient.registerCollector({
        collect() {
          throw new Error('database down');
        },
        describe: () => ['db_rows'],
      });
      const out = await lenient.metrics();
      expect(out).toContain('ok 1');
      expect(out).toContain('promkit_collector_errors_total{collector="db_rows"} 1');
      expect(errors).toEqual(['db_rows']);
    });

    it('fails the whole scrape in strict mode', async () => {
      const strict = new Registry(undefined, { strict: true });
      strict.registerCollector({ collect: async () => Promise.reject(new Error('database down')) });
      await expect(strict.metrics()).rejects.toThrow('database down');
    });
  });

  it('stays responsive: a large scrape yields to the event loop', async () => {
    const many = { labelNames: ['i'], registers: [registry], maxSeries: Number.POSITIVE_INFINITY };
    const c = new Counter({ name: 'big_total', help: 'B', ...many });
    const g = new Gauge({ name: 'big2', help: 'B', ...many });
    for (let i = 0; i < 6000; i++) {
      c.inc({ i: String(i) });
      g.set({ i: String(i) }, i);
    }
    const immediate = new Promise<void>((resolve) => setImmediate(() => resolve()));
    let immediateRanBeforeScrapeEnded = false;
    immediate.then(() => {
      immediateRanBeforeScrapeEnded = true;
    });
    const scrape = registry.metrics().then((out) => {
      expect(immediateRanBeforeScrapeEnded).toBe(true);
      return out;
    });
    const out = await scrape;
    // 12 000 samples, two HELP/TYPE pairs, the blank line between the families and the final newline.
    expect(out.split('\n').length).toBe(12_000 + 6);
  });
});
