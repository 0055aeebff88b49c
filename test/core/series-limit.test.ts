import { Counter, Gauge, Histogram, MetricConfigError, Registry } from 'promkit';
import { describeWithTool } from '../support/external-tool';
import { promtool, promtoolCheckMetrics } from '../support/promtool';
import { parseOpenMetricsWithPython, pythonPrometheusClient } from '../support/python-parser';

function sampleLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

describe('series limit (maxSeries)', () => {
  let warn: jest.SpyInstance;
  let registry: Registry;

  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    registry = new Registry();
  });

  afterEach(() => warn.mockRestore());

  it('stores 2000 label sets by default; later ones go to one overflow series, counted', async () => {
    const c = new Counter({ name: 'hits_total', help: 'H', labelNames: ['user'], registers: [registry] });
    for (let i = 0; i < 2000; i++) c.inc({ user: `u${i}` });
    expect(warn).not.toHaveBeenCalled();
    c.inc({ user: 'u1999' });
    c.inc({ user: 'late-1' }, 5);
    c.inc({ user: 'late-2' });
    c.labels('late-3').inc();
    c.inc({ user: 'late-1' });
    const lines = sampleLines(await registry.metrics());
    expect(lines).toHaveLength(2000 + 1 + 1);
    expect(lines).toContain('hits_total{user="u1999"} 2');
    expect(lines).toContain('hits_total{promkit_overflow="true"} 8');
    expect(lines).toContain('promkit_series_overflow_total{metric="hits_total"} 4');
    expect(lines.some((l) => l.includes('late-'))).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toBe(
      'promkit: metric "hits_total" reached its limit of 2000 series; calls with new label sets are recorded in its series {promkit_overflow="true"} and counted in promkit_series_overflow_total. Raise the limit with the maxSeries option if this many series are expected.',
    );
  });

  it('takes a limit per metric, counts each metric apart, and frees room when a series is removed', async () => {
    const opts = { labelNames: ['k'], registers: [registry], maxSeries: 2 };
    const g = new Gauge({ name: 'g', help: 'G', ...opts });
    const h = new Histogram({ name: 'h', help: 'H', buckets: [1], ...opts });
    g.set({ k: 'a' }, 1);
    g.set({ k: 'b' }, 2);
    g.set({ k: 'c' }, 3);
    h.observe({ k: 'a' }, 0.5);
    h.observe({ k: 'b' }, 0.5);
    h.observe({ k: 'c' }, 2);
    h.observe({ k: 'd' }, 2);
    g.remove('a');
    g.set({ k: 'd' }, 4);
    const lines = sampleLines(await registry.metrics());
    expect(lines.filter((l) => l.startsWith('g'))).toEqual([
      'g{k="b"} 2',
      'g{promkit_overflow="true"} 3',
      'g{k="d"} 4',
    ]);
    expect(lines).toContain('h_bucket{le="+Inf",promkit_overflow="true"} 2');
    expect(lines).toContain('h_count{promkit_overflow="true"} 2');
    expect(lines.filter((l) => l.startsWith('promkit_series_overflow'))).toEqual([
      'promkit_series_overflow_total{metric="g"} 1',
      'promkit_series_overflow_total{metric="h"} 2',
    ]);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('counts in every registry the metric is in, and comes back after clear()', async () => {
    const other = new Registry();
    const c = new Counter({
      name: 'c_total',
      help: 'C',
      labelNames: ['k'],
      registers: [registry, other],
      maxSeries: 1,
    });
    c.inc({ k: 'a' });
    c.inc({ k: 'b' });
    for (const r of [registry, other]) {
      expect(await r.metrics()).toContain('promkit_series_overflow_total{metric="c_total"} 1');
    }
    other.clear();
    const again = new Counter({
      name: 'd_total',
      help: 'D',
      labelNames: ['k'],
      registers: [other],
      maxSeries: 1,
    });
    again.inc({ k: 'a' });
    again.inc({ k: 'b' });
    expect(await other.metrics()).toContain('promkit_series_overflow_total{metric="d_total"} 1');
  });

  it('has no limit with Infinity', async () => {
    const c = new Counter({
      name: 'c_total',
      help: 'C',
      labelNames: ['k'],
      registers: [registry],
      maxSeries: Number.POSITIVE_INFINITY,
    });
    for (let i = 0; i < 3000; i++) c.inc({ k: String(i) });
    expect(sampleLines(await registry.metrics())).toHaveLength(3000);
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([0, -1, 1.5, Number.NaN, '10'])('rejects maxSeries %p', (maxSeries) => {
    expect(
      () => new Counter({ name: 'c_total', help: 'C', registers: [], maxSeries: maxSeries as number }),
    ).toThrow(
      new MetricConfigError(
        `Metric "c_total": maxSeries must be a whole number >= 1 or Infinity, got ${String(maxSeries)}`,
      ),
    );
  });

  it("takes the registry's maxSeriesPerMetric unless the metric sets its own; with several registries, the smallest", async () => {
    const small = new Registry(undefined, { maxSeriesPerMetric: 2 });
    const fill = (c: Counter<'k'>) => {
      for (const k of ['a', 'b', 'c', 'd']) c.inc({ k });
    };
    fill(new Counter({ name: 'a_total', help: 'A', labelNames: ['k'], registers: [small] }));
    fill(new Counter({ name: 'b_total', help: 'B', labelNames: ['k'], registers: [small], maxSeries: 3 }));
    const later = new Registry();
    later.setMetricDefaults({ maxSeriesPerMetric: 3 });
    fill(new Counter({ name: 'c_total', help: 'C', labelNames: ['k'], registers: [small, later] }));
    const lines = sampleLines(await small.metrics());
    const stored = (name: string) => lines.filter((l) => l.startsWith(`${name}{k=`)).length;
    expect([stored('a_total'), stored('b_total'), stored('c_total')]).toEqual([2, 3, 2]);
    expect(later.metricDefaults).toEqual({ maxSeriesPerMetric: 3, strictLabels: undefined });
  });

  it.each([0, 2.5, '5'])('rejects maxSeriesPerMetric %p', (limit) => {
    const message = `maxSeriesPerMetric must be a whole number >= 1 or Infinity, got ${String(limit)}`;
    expect(() => new Registry(undefined, { maxSeriesPerMetric: limit as number })).toThrow(
      new MetricConfigError(message),
    );
    expect(() => registry.setMetricDefaults({ maxSeriesPerMetric: limit as number })).toThrow(message);
  });

  it('gives reset() a clean slate, overflow series included', async () => {
    const c = new Counter({
      name: 'c_total',
      help: 'C',
      labelNames: ['k'],
      registers: [registry],
      maxSeries: 1,
    });
    c.inc({ k: 'a' });
    c.inc({ k: 'b' });
    c.reset();
    c.inc({ k: 'b' });
    expect(sampleLines(await registry.metrics()).filter((l) => l.startsWith('c_total'))).toEqual([
      'c_total{k="b"} 1',
    ]);
  });

  async function overflowedRegistry(contentType?: typeof Registry.OPENMETRICS_CONTENT_TYPE) {
    const r = new Registry(contentType);
    const opts = { help: 'x', labelNames: ['k', 'j'], registers: [r], maxSeries: 1 };
    const c = new Counter({ name: 'c_total', ...opts });
    const h = new Histogram({ name: 'h_seconds', ...opts });
    for (const k of ['a', 'b']) {
      c.inc({ k, j: 'x' });
      h.observe({ k }, 0.2);
    }
    return r;
  }

  describeWithTool(promtool, 'output checked by promtool', () => {
    it('passes promtool check metrics', async () => {
      const result = await promtoolCheckMetrics(await (await overflowedRegistry()).metrics());
      expect(result.stderr + result.stdout).toBe('');
      expect(result.code).toBe(0);
    });
  });

  describeWithTool(pythonPrometheusClient, 'output checked by the Python parser', () => {
    it('parses as OpenMetrics', async () => {
      const r = await overflowedRegistry(Registry.OPENMETRICS_CONTENT_TYPE);
      const families = await parseOpenMetricsWithPython(await r.metrics());
      const overflow = families.find((f) => f.name === 'promkit_series_overflow');
      expect(overflow?.type).toBe('counter');
      expect(overflow?.samples.map((s) => [s.labels.metric, s.value])).toEqual([
        ['c_total', 1],
        ['h_seconds', 1],
      ]);
    });
  });
});
