import {
  Counter,
  Enum,
  getOrCreateMetric,
  Histogram,
  MetricConflictError,
  type MetricDeclaration,
  Registry,
  Summary,
} from 'promkit';
import { claimMetric } from '../../lib/core';

let registry: Registry;
beforeEach(() => {
  registry = new Registry();
});

const latency = {
  type: 'histogram',
  name: 'latency_seconds',
  help: 'Latency.',
  labelNames: ['route', 'method'],
  buckets: [0.1, 1],
} as const satisfies MetricDeclaration;

describe('getOrCreateMetric', () => {
  it('creates and registers the declared metric when the name is free, typed by the declaration', async () => {
    const histogram = getOrCreateMetric(registry, latency, 'first');
    expect(histogram).toBeInstanceOf(Histogram);
    histogram.observe({ route: '/a', method: 'GET' }, 0.5);
    expect(
      await registry.getSampleValue('latency_seconds_bucket', { route: '/a', method: 'GET', le: '1' }),
    ).toBe(1);
  });

  it('returns the registered metric for an agreeing declaration, whatever the label order and help', () => {
    const first = getOrCreateMetric(registry, latency, 'first');
    const again = getOrCreateMetric(
      registry,
      { ...latency, help: 'Other words.', labelNames: ['method', 'route'] },
      'second',
    );
    expect(again).toBe(first);
  });

  it('reuses a metric other code registered when it agrees', () => {
    const existing = new Summary({
      name: 'sizes',
      help: 'S.',
      percentiles: [0.9, 0.5],
      registers: [registry],
    });
    expect(
      getOrCreateMetric(
        registry,
        { type: 'summary', name: 'sizes', help: 'S.', percentiles: [0.5, 0.9] },
        'x',
      ),
    ).toBe(existing);
  });

  it.each([
    [{ ...latency, type: 'summary', buckets: undefined }, 'with type histogram (here: type summary)'],
    [{ ...latency, labelNames: ['route'] }, 'with labelNames [method, route] (here: labelNames [route])'],
    [{ ...latency, buckets: [0.1, 2] }, 'with buckets [0.1,1] (here: buckets [0.1,2])'],
    [{ ...latency, buckets: undefined }, 'with buckets [0.1,1] (here: buckets [0.005,0.01,'],
  ] as [MetricDeclaration, string][])(
    'refuses a disagreeing declaration, naming both: %#',
    (declaration, difference) => {
      const first = getOrCreateMetric(registry, latency, 'HTTP metrics');
      let error: unknown;
      try {
        getOrCreateMetric(registry, declaration, '@Timed on Orders.find');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(MetricConflictError);
      expect((error as MetricConflictError).existing).toBe(first);
      expect(String(error)).toContain(
        '@Timed on Orders.find: metric "latency_seconds" is already registered by HTTP metrics ' + difference,
      );
      expect(registry.getSingleMetric('latency_seconds')).toBe(first);
    },
  );

  it('compares percentiles of summaries and states of enums', () => {
    getOrCreateMetric(registry, { type: 'summary', name: 'q', help: 'Q.', percentiles: [0.5] }, 'a');
    expect(() => getOrCreateMetric(registry, { type: 'summary', name: 'q', help: 'Q.' }, 'b')).toThrow(
      'with percentiles [0.5] (here: percentiles [0.01,0.05,0.5,0.9,0.95,0.99,0.999])',
    );
    const state = getOrCreateMetric(
      registry,
      { type: 'enum', name: 'mode', help: 'M.', states: ['on', 'off'] },
      'a',
    );
    expect(state).toBeInstanceOf(Enum);
    expect(() =>
      getOrCreateMetric(registry, { type: 'enum', name: 'mode', help: 'M.', states: ['on', 'idle'] }, 'b'),
    ).toThrow('with states [on,off] (here: states [on,idle])');
  });

  it('names other code as the first declarer of a metric it did not create', () => {
    new Counter({ name: 'jobs_total', help: 'J.', registers: [registry] });
    expect(() =>
      getOrCreateMetric(registry, { type: 'gauge', name: 'jobs_total', help: 'J.' }, 'facade'),
    ).toThrow(
      'facade: metric "jobs_total" is already registered by other code with type counter (here: type gauge)',
    );
  });

  it('reports invalid declarations with the declarer in front', () => {
    expect(() =>
      getOrCreateMetric(registry, { type: 'counter', name: 'bad name', help: 'B.' }, 'forFeature'),
    ).toThrow(/^forFeature: Invalid metric name "bad name"/);
    expect(() =>
      getOrCreateMetric(
        registry,
        { type: 'histogram', name: 'h', help: 'H.', buckets: [2, 1] },
        'forFeature',
      ),
    ).toThrow('forFeature: Histogram "h": buckets must be sorted and distinct');
    expect(() =>
      getOrCreateMetric(registry, { type: 'meter', name: 'm', help: 'M.' } as never, 'forFeature'),
    ).toThrow(
      'forFeature: metric "m" has unknown type "meter" (expected counter, gauge, histogram, summary, info, enum)',
    );
  });
});

describe('claimMetric', () => {
  it('keeps the metric while any claim holds it; the last release unregisters it', async () => {
    const a = claimMetric(registry, latency, 'app A');
    const b = claimMetric(registry, latency, 'app B');
    expect(b.metric).toBe(a.metric);
    a.metric.observe({ route: '/', method: 'GET' }, 1);
    a.release();
    a.release();
    expect(registry.getSingleMetric('latency_seconds')).toBe(b.metric);
    b.release();
    expect(registry.getSingleMetric('latency_seconds')).toBeUndefined();
    const again = claimMetric(registry, latency, 'app C');
    expect(again.metric).not.toBe(a.metric);
    expect(
      await registry.getSampleValue('latency_seconds_count', { route: '/', method: 'GET' }),
    ).toBeUndefined();
  });

  it('never unregisters what other code or getOrCreateMetric registered', () => {
    const theirs = new Counter({ name: 'theirs_total', help: 'T.', registers: [registry] });
    claimMetric(registry, { type: 'counter', name: 'theirs_total', help: 'T.' }, 'app').release();
    expect(registry.getSingleMetric('theirs_total')).toBe(theirs);
    const kept = getOrCreateMetric(registry, { type: 'gauge', name: 'kept', help: 'K.' }, 'setup');
    claimMetric(registry, { type: 'gauge', name: 'kept', help: 'K.' }, 'app').release();
    expect(registry.getSingleMetric('kept')).toBe(kept);
  });

  it('leaves a registry alone that no longer holds the metric', () => {
    const claim = claimMetric(registry, latency, 'app');
    registry.clear();
    const other = new Counter({ name: 'latency_seconds', help: 'Someone else.', registers: [registry] });
    claim.release();
    expect(registry.getSingleMetric('latency_seconds')).toBe(other);
  });
});
