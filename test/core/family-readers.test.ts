import { Counter, Enum, Gauge, Histogram, Info, Registry, Summary } from 'promkit';
import type { MetricFamily } from 'promkit/exposition';
import { parseExposition } from 'promkit/testing';

/** One metric of every type, each with a series, in a registry of their own. */
function everyType(registry: Registry): void {
  const registers = [registry];
  new Counter({ name: 'jobs_total', help: 'J', labelNames: ['queue'], registers }).inc({ queue: 'a' }, 2);
  new Gauge({ name: 'depth', help: 'D', registers }).set(3);
  const latency = new Histogram({ name: 'latency_seconds', help: 'L', buckets: [0.5, 1e6], registers });
  latency.observe(0.2);
  latency.observe(2);
  new Summary({ name: 'size_bytes', help: 'S', percentiles: [0.5], registers }).observe(10);
  new Enum({ name: 'phase', help: 'P', states: ['up', 'down'], registers }).state('down');
  new Info({ name: 'build', help: 'B', registers }).info({ version: '1' });
}

/** A registry whose only collector hands out `source`'s families as they are. */
async function collectorOf(source: Registry): Promise<Registry> {
  const families: MetricFamily[] = await source.collect();
  const registry = new Registry();
  registry.registerCollector({ collect: () => families });
  return registry;
}

describe('readers of metric families', () => {
  it("gives a collector's families in getMetricsAsJSON() the shape get() gives a metric of their type", async () => {
    const metrics = new Registry();
    everyType(metrics);
    const collected = await collectorOf(metrics);
    const [fromMetrics, fromCollector] = [
      await metrics.getMetricsAsJSON(),
      await collected.getMetricsAsJSON(),
    ];
    expect(fromCollector.map((m) => m.type)).toEqual(fromMetrics.map((m) => m.type));
    for (let i = 0; i < fromMetrics.length; i++) {
      expect({ type: fromCollector[i].type, values: fromCollector[i].values }).toEqual({
        type: fromMetrics[i].type,
        values: fromMetrics[i].values,
      });
    }
    const latency = fromCollector.find((m) => m.type === 'histogram');
    expect(latency?.values.map((v) => [v.metricName, v.labels.le, v.value])).toEqual([
      ['latency_seconds_bucket', 0.5, 1],
      ['latency_seconds_bucket', 1e6, 2],
      ['latency_seconds_bucket', '+Inf', 2],
      ['latency_seconds_sum', undefined, 2.2],
      ['latency_seconds_count', undefined, 2],
    ]);
  });

  it('gives getSamples() every sample the OpenMetrics exposition writes, with the same names, labels and values', async () => {
    const registry = new Registry();
    everyType(registry);
    const created = false;
    const written = parseExposition(await registry.metrics({ format: 'openmetrics', created }))
      .flatMap((f) => f.samples)
      .map((s) => ({ name: s.name, labels: { ...s.labels }, value: s.value }));
    const samples = (await registry.getSamples({ created })).map((s) => ({
      name: s.name,
      labels: s.labels,
      value: s.value,
    }));
    // OpenMetrics writes `le` and `quantile` canonically (1.0); getSamples() as text 0.0.4 does (1).
    const canonical = (labels: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(labels).map(([k, v]) => [
          k,
          k === 'le' || k === 'quantile' ? String(Number(v.replace('+Inf', 'Infinity'))) : v,
        ]),
      );
    expect(samples.map((s) => ({ ...s, labels: canonical(s.labels) }))).toEqual(
      written.map((s) => ({ ...s, labels: canonical(s.labels) })),
    );
  });
});
