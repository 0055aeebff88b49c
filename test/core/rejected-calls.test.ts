import { Counter, Enum, Gauge, Histogram, Info, MetricValueError, Registry, Summary } from 'promkit';

/**
 * A call on a label set not seen before that is then rejected (a bad value,
 * a bad exemplar, an unknown state) must leave no series behind.
 */
describe('a rejected call on a new label set creates nothing', () => {
  let registry: Registry<typeof Registry.OPENMETRICS_CONTENT_TYPE>;
  const fresh = { labels: { route: '/new' } };

  beforeEach(() => {
    registry = new Registry(Registry.OPENMETRICS_CONTENT_TYPE);
  });

  async function expectNoNewSeries(): Promise<void> {
    expect(await registry.metrics()).not.toContain('/new');
    for (const metric of await registry.getMetricsAsJSON()) {
      expect(metric.values.filter((v) => v.labels.route === '/new')).toEqual([]);
    }
  }

  const options = () => ({ help: 'h', labelNames: ['route'] as const, registers: [registry] });

  it.each<[string, () => void, RegExp]>([
    [
      'Histogram observe(NaN)',
      () => new Histogram({ name: 'h', ...options() }).observe(fresh.labels, Number.NaN),
      /Histogram "h" \{route="\/new"\}: observed value must be a number other than NaN, got NaN/,
    ],
    [
      'Histogram observe("1")',
      () => new Histogram({ name: 'h', ...options() }).observe(fresh.labels, '1' as never),
      /got "1"/,
    ],
    [
      'Histogram observe({ value: NaN })',
      () =>
        new Histogram({ name: 'h', ...options(), enableExemplars: true }).observe({
          ...fresh,
          value: Number.NaN,
        }),
      /observed value must be/,
    ],
    [
      'Histogram bad exemplar',
      () =>
        new Histogram({ name: 'h', ...options(), enableExemplars: true }).observe({
          ...fresh,
          value: 1,
          exemplarLabels: { 'bad-name': 'x' },
        }),
      /invalid exemplar label name/,
    ],
    [
      'Counter inc(-1)',
      () => new Counter({ name: 'c_total', ...options() }).inc(fresh.labels, -1),
      /Counter "c_total" \{route="\/new"\}: increment must be a finite number >= 0, got -1/,
    ],
    [
      'Counter inc(Infinity)',
      () => new Counter({ name: 'c_total', ...options() }).inc(fresh.labels, Number.POSITIVE_INFINITY),
      /got Infinity/,
    ],
    [
      'Counter inc({ value: -1 })',
      () =>
        new Counter({ name: 'c_total', ...options(), enableExemplars: true }).inc({ ...fresh, value: -1 }),
      /increment must be/,
    ],
    [
      'Counter bad exemplar',
      () =>
        new Counter({ name: 'c_total', ...options(), enableExemplars: true }).inc({
          ...fresh,
          exemplarLabels: { t: null as never },
        }),
      /exemplar label "t" must be a string or number/,
    ],
    [
      'Gauge inc(NaN)',
      () => new Gauge({ name: 'g', ...options() }).inc(fresh.labels, Number.NaN),
      /Gauge "g" \{route="\/new"\}: increment must be a finite number, got NaN/,
    ],
    [
      'Gauge dec(Infinity)',
      () => new Gauge({ name: 'g', ...options() }).dec(fresh.labels, Number.POSITIVE_INFINITY),
      /decrement must be a finite number/,
    ],
    [
      'Gauge set("3")',
      () => new Gauge({ name: 'g', ...options() }).set(fresh.labels, '3' as never),
      /Gauge "g" \{route="\/new"\}: value must be a number, got "3"/,
    ],
    [
      'Summary observe(Infinity)',
      () => new Summary({ name: 's', ...options() }).observe(fresh.labels, Number.POSITIVE_INFINITY),
      /Summary "s" \{route="\/new"\}: observed value must be a finite number/,
    ],
    [
      'Enum state("bogus")',
      () => new Enum({ name: 'e', ...options(), states: ['a', 'b'] }).state(fresh.labels, 'bogus' as never),
      /Enum "e" \{route="\/new"\}: unknown state "bogus"/,
    ],
    [
      'Info info(bad)',
      () => new Info({ name: 'i', ...options() }).info(fresh.labels, { 'bad-name': 'x' }),
      /invalid label name/,
    ],
  ])('%s', async (_, call, error) => {
    expect(call).toThrow(error);
    await expectNoNewSeries();
  });

  it('reports a bad value as a MetricValueError, and bad labels first when both are wrong', () => {
    const h = new Histogram({ name: 'h', ...options() });
    expect(() => h.observe(fresh.labels, Number.NaN)).toThrow(MetricValueError);
    expect(() => h.observe({ nope: 'x' } as never, Number.NaN)).toThrow(/unknown label "nope"/);
  });

  it('leaves an existing series untouched', async () => {
    const c = new Counter({ name: 'c_total', ...options() });
    c.inc({ route: '/old' }, 2);
    expect(() => c.inc({ route: '/old' }, -1)).toThrow(MetricValueError);
    expect(await registry.getSampleValue('c_total', { route: '/old' })).toBe(2);
  });
});

describe('a value that is not a number is reported as the value, naming the metric', () => {
  let registry: Registry;

  beforeEach(() => {
    registry = new Registry();
  });

  const unlabelled = () => ({ help: 'h', registers: [registry] });
  const options = () => ({ help: 'h', labelNames: ['route'] as const, registers: [registry] });

  it.each<[string, () => void, RegExp]>([
    [
      'Counter inc(null)',
      () => new Counter({ name: 'c_total', ...unlabelled() }).inc(null as never),
      /^Counter "c_total": increment must be a finite number >= 0, got null$/,
    ],
    [
      'Counter inc("5")',
      () => new Counter({ name: 'c_total', ...unlabelled() }).inc('5' as never),
      /^Counter "c_total": increment must be a finite number >= 0, got "5"$/,
    ],
    [
      'Counter inc(true)',
      () => new Counter({ name: 'c_total', ...unlabelled() }).inc(true as never),
      /^Counter "c_total": increment must be a finite number >= 0, got true$/,
    ],
    [
      'Counter inc(null) with exemplars enabled',
      () => new Counter({ name: 'c_total', ...unlabelled(), enableExemplars: true }).inc(null as never),
      /^Counter "c_total": increment must be a finite number >= 0, got null$/,
    ],
    [
      'Gauge inc(null)',
      () => new Gauge({ name: 'g', ...unlabelled() }).inc(null as never),
      /^Gauge "g": increment must be a finite number, got null$/,
    ],
    [
      'Gauge inc("5")',
      () => new Gauge({ name: 'g', ...unlabelled() }).inc('5' as never),
      /^Gauge "g": increment must be a finite number, got "5"$/,
    ],
    [
      'Gauge dec(null)',
      () => new Gauge({ name: 'g', ...unlabelled() }).dec(null as never),
      /^Gauge "g": decrement must be a finite number, got null$/,
    ],
    [
      'Gauge dec("5")',
      () => new Gauge({ name: 'g', ...unlabelled() }).dec('5' as never),
      /^Gauge "g": decrement must be a finite number, got "5"$/,
    ],
    [
      'Histogram observe(null)',
      () => new Histogram({ name: 'h', ...unlabelled() }).observe(null as never),
      /^Histogram "h": observed value must be a number other than NaN, got null$/,
    ],
    [
      'Summary observe("5")',
      () => new Summary({ name: 's', ...unlabelled() }).observe('5' as never),
      /^Summary "s": observed value must be a finite number, got "5"$/,
    ],
  ])('%s', async (_, call, error) => {
    let thrown: unknown;
    try {
      call();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(MetricValueError);
    expect((thrown as Error).message).toMatch(error);
    for (const metric of await registry.getMetricsAsJSON()) {
      // Nothing was recorded: every count, sum and value is still 0 (empty quantiles are NaN).
      for (const { value, labels } of metric.values) if (!('quantile' in labels)) expect(value).toBe(0);
    }
  });

  it.each<[string, () => void]>([
    ['Counter inc("5")', () => new Counter({ name: 'c_total', ...options() }).inc('5' as never)],
    ['Counter inc(-1)', () => new Counter({ name: 'c_total', ...options() }).inc(-1)],
    ['Gauge inc(null)', () => new Gauge({ name: 'g', ...options() }).inc(null as never)],
    ['Gauge dec("5")', () => new Gauge({ name: 'g', ...options() }).dec('5' as never)],
    ['Histogram observe(NaN)', () => new Histogram({ name: 'h', ...options() }).observe(Number.NaN)],
  ])('on a labelled metric, %s creates no series without labels', async (_, call) => {
    expect(call).toThrow(MetricValueError);
    expect(await registry.metrics()).not.toMatch(/^[a-z_]+ /m);
  });
});
