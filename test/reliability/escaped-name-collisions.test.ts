import { Counter, Enum, Gauge, Histogram, Info, Registry, setNameValidationScheme } from 'promkit';

/**
 * Names that differ only in characters an escaping scheme rewrites are one
 * name in a scrape escaped with that scheme: two families of one name, or one
 * label twice, and Prometheus rejects the whole scrape. The second name is
 * refused when it is declared; a custom collector that brings one is left
 * out of the scrape and counted.
 */
const SCHEMES = ['underscores', 'dots', 'values', 'allow-utf-8'] as const;

/** Each rewriting scheme with a UTF-8 name and the legacy name it is written as. */
const METRIC_PAIRS = [
  ['underscores', 'jobs.done', 'jobs_done'],
  ['dots', 'jobs.done', 'jobs_dot_done'],
  ['values', 'jobs.done', 'U__jobs_2e_done'],
] as const;

const LABEL_PAIRS = [
  ['underscores', 'a.b', 'a_b'],
  ['dots', 'a.b', 'a_dot_b'],
  ['values', 'a.b', 'U__a_2e_b'],
] as const;

/** Every family and every label of every series appears once in the scrape. */
async function expectValidScrapes(registry: Registry): Promise<void> {
  for (const escaping of SCHEMES) {
    for (const format of ['text', 'openmetrics'] as const) {
      if (format === 'text' && escaping === 'allow-utf-8') continue;
      const text = await registry.metrics({ format, escaping });
      const types = text.split('\n').filter((l) => l.startsWith('# TYPE '));
      expect({ escaping, format, types: new Set(types).size }).toEqual({
        escaping,
        format,
        types: types.length,
      });
      for (const line of text.split('\n').filter((l) => l.includes('{'))) {
        const names = [...line.slice(line.indexOf('{')).matchAll(/[{,]("[^"]*"|[^=",{}]+)=/g)].map(
          (m) => m[1],
        );
        expect({ line, distinct: new Set(names).size }).toEqual({ line, distinct: names.length });
      }
    }
  }
}

describe('UTF-8 names that one escaping scheme writes alike', () => {
  beforeAll(() => setNameValidationScheme('utf-8'));
  afterAll(() => setNameValidationScheme('legacy'));

  it.each(METRIC_PAIRS)(
    'are refused as metric names when the second is declared (%s: %s, %s)',
    async (scheme, utf8, legacy) => {
      for (const [first, second] of [
        [utf8, legacy],
        [legacy, utf8],
      ]) {
        const registry = new Registry();
        new Gauge({ name: first, help: 'First.', registers: [registry] }).set(1);
        expect(() => new Gauge({ name: second, help: 'Second.', registers: [registry] })).toThrow(
          `A metric with the name ${second} clashes with "${first}": the ${scheme} escaping scheme`,
        );
        expect(registry.getMetricsAsArray().map((m) => m.name)).toEqual([first]);
        await expectValidScrapes(registry);
      }
    },
  );

  it('are refused through a suffix too: a counter "jobs.done" and a gauge "jobs_done_total"', () => {
    const registry = new Registry();
    new Counter({ name: 'jobs.done', help: 'Jobs.', registers: [registry] });
    expect(() => new Gauge({ name: 'jobs_done_total', help: 'Gauge.', registers: [registry] })).toThrow(
      'A metric with the name jobs_done_total clashes with "jobs.done": the underscores escaping scheme (what scrapers that cannot read UTF-8 names get, Prometheus 2.x among them) writes both as "jobs_done_total". Rename one of them.',
    );
  });

  it('are refused between two UTF-8 names and between custom collectors that describe them', () => {
    const registry = new Registry();
    new Gauge({ name: 'a.b', help: 'Dot.', registers: [registry] });
    expect(() => new Gauge({ name: 'a-b', help: 'Dash.', registers: [registry] })).toThrow(
      'A metric with the name a-b clashes with "a.b": the underscores escaping scheme',
    );
    expect(() => registry.registerCollector({ collect: () => [], describe: () => ['a b'] })).toThrow(
      /clashes with "a\.b": the underscores escaping scheme/,
    );
  });

  it('leave a name free again once the metric holding it is removed', () => {
    const registry = new Registry();
    new Gauge({ name: 'jobs.done', help: 'First.', registers: [registry] });
    registry.removeSingleMetric('jobs.done');
    expect(() => new Gauge({ name: 'jobs_done', help: 'Second.', registers: [registry] })).not.toThrow();
  });

  it('do not refuse names that no scheme writes alike', async () => {
    const registry = new Registry();
    new Gauge({ name: 'jobs.done', help: 'Dot.', registers: [registry] }).set(1);
    new Gauge({ name: 'jobs:done', help: 'Colon.', registers: [registry] }).set(2);
    new Gauge({ name: 'jobs.done.total', help: 'Longer.', registers: [registry] }).set(3);
    await expectValidScrapes(registry);
  });

  it.each(LABEL_PAIRS)('are refused as label names of one metric (%s: %s, %s)', (scheme, utf8, legacy) => {
    const registry = new Registry();
    expect(
      () => new Counter({ name: 'c_total', help: 'C.', labelNames: [utf8, legacy], registers: [registry] }),
    ).toThrow(
      `Metric "c_total": label names "${utf8}" and "${legacy}" are both written "${legacy}" by the ${scheme} escaping scheme`,
    );
    expect(registry.getMetricsAsArray()).toHaveLength(0);
  });

  it('are refused between an Enum name and its labels, and between info pairs and declared labels', async () => {
    const registry = new Registry();
    expect(
      () =>
        new Enum({
          name: 'job.state',
          help: 'S.',
          states: ['a'],
          labelNames: ['job_state'],
          registers: [registry],
        }),
    ).toThrow(
      'Enum "job.state": label names "job.state" and "job_state" are both written "job_state" by the underscores escaping scheme',
    );
    const info = new Info({ name: 'build', help: 'B.', labelNames: ['a.b'], registers: [registry] });
    expect(() => info.info({ a_b: '1' })).toThrow(
      'Info "build": label names "a.b" and "a_b" are both written "a_b"',
    );
    await expectValidScrapes(registry);
  });

  it('keep a series’ own label over a default label it is written alike with', async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ 'a.b': 'default' });
    new Gauge({ name: 'g', help: 'G.', labelNames: ['a_b'], registers: [registry] }).set({ a_b: 'own' }, 1);
    expect(await registry.metrics({ escaping: 'underscores' })).toContain('g{a_b="own"} 1');
    await expectValidScrapes(registry);
  });

  it('from a custom collector leave its families out of the scrape, counted, and the rest valid', async () => {
    const registry = new Registry();
    new Gauge({ name: 'jobs_done', help: 'Legacy.', registers: [registry] }).set(1);
    const point = (labelNames: string[]) => ({
      labelNames,
      labelValues: labelNames.map(() => 'x'),
      value: 2,
    });
    registry.registerCollector({
      collect: () => [{ name: 'jobs.done', help: 'Clash.', type: 'gauge', points: [point([])] }],
    });
    registry.registerCollector({
      collect: () => [{ name: 'pairs', help: 'Labels.', type: 'gauge', points: [point(['a.b', 'a_b'])] }],
    });
    const text = await registry.metrics();
    expect(text).toContain('jobs_done 1');
    expect(text).not.toContain('Clash.');
    expect(text).not.toContain('pairs');
    const errors = text.split('\n').filter((l) => l.startsWith('promkit_collector_errors_total{'));
    expect(errors.reduce((sum, l) => sum + Number(l.split(' ')[1]), 0)).toBe(2);
    await expectValidScrapes(registry);
  });

  it('leave every escaped scrape valid, whatever names are declared (seeded random names)', async () => {
    let seed = 20_261_207;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return (seed >>> 16) % n;
    };
    const name = () =>
      Array.from({ length: 2 + next(5) }, () => 'abcd._-:'[next(8)])
        .join('')
        .replace(/^[^a-z]/, 'a');
    const registry = new Registry();
    let declared = 0;
    for (let i = 0; i < 300; i++) {
      const labelNames = Array.from({ length: next(3) }, () => name().replaceAll(':', 'c'));
      try {
        const kind = next(3);
        const config = { name: name(), help: 'Fuzzed.', labelNames, registers: [registry] };
        const values = Object.fromEntries(labelNames.map((l) => [l, 'v']));
        if (kind === 0) new Counter(config).inc(values);
        else if (kind === 1) new Gauge(config).set(values, 1);
        else new Histogram({ ...config, buckets: [1] }).observe(values, 0.5);
        declared++;
      } catch (error) {
        expect(String(error)).toMatch(/MetricConfigError/);
      }
    }
    expect(declared).toBeGreaterThan(100);
    await expectValidScrapes(registry);
  });
});
