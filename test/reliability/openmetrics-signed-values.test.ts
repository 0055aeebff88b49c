import { Histogram, Registry, Summary } from 'promkit';
import { describeWithTool } from '../support/external-tool';
import { promtool, promtoolCheckMetrics } from '../support/promtool';
import { parseOpenMetricsWithPython, pythonPrometheusClient } from '../support/python-parser';

/**
 * OpenMetrics treats histogram and summary sums, and quantile values, as
 * counters: never negative or NaN, and no sum at all with negative bucket
 * bounds. A strict parser rejects the whole exposition otherwise, so such
 * samples are left out of OpenMetrics and kept in text 0.0.4.
 */
function signedRegistry(): Registry {
  const registry = new Registry();
  const latency = new Histogram({
    name: 'latency_seconds',
    help: 'Latency.',
    labelNames: ['case'] as const,
    buckets: [0.1, 1],
    registers: [registry],
  });
  latency.observe({ case: 'plus_inf' }, Number.POSITIVE_INFINITY);
  latency.observe({ case: 'minus_inf' }, Number.NEGATIVE_INFINITY);
  latency.observe({ case: 'both_inf' }, Number.POSITIVE_INFINITY);
  latency.observe({ case: 'both_inf' }, Number.NEGATIVE_INFINITY);
  latency.observe({ case: 'negative' }, -5);
  latency.observe({ case: 'ordinary' }, 0.5);
  const drift = new Histogram({
    name: 'clock_drift_seconds',
    help: 'Drift.',
    buckets: [-1, 0, 1],
    registers: [registry],
  });
  drift.observe(0.5);
  const delta = new Summary({
    name: 'temperature_delta_celsius',
    help: 'Changes.',
    labelNames: ['room'] as const,
    percentiles: [0.1, 0.5, 0.9],
    registers: [registry],
  });
  for (const v of [-3, -2, -1, 4, 5]) delta.observe({ room: 'mixed' }, v);
  delta.observe({ room: 'warm' }, 2);
  return registry;
}

describeWithTool(pythonPrometheusClient, 'OpenMetrics with infinite and negative observations', () => {
  it("is accepted by Python's strict parser, keeping every value OpenMetrics allows", async () => {
    const registry = signedRegistry();
    const text = await registry.metrics({ format: 'openmetrics', created: true });
    const families = await parseOpenMetricsWithPython(text);
    const samples = families.flatMap((f) => f.samples.map((s) => ({ ...s, family: f.name })));
    const value = (name: string, labels: Record<string, string>) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        ?.value;

    expect(value('latency_seconds_sum', { case: 'plus_inf' })).toBe(Number.POSITIVE_INFINITY);
    expect(value('latency_seconds_count', { case: 'plus_inf' })).toBe(1);
    expect(value('latency_seconds_sum', { case: 'ordinary' })).toBe(0.5);
    for (const gone of ['minus_inf', 'both_inf', 'negative']) {
      // Negative or NaN sums are not allowed; the +Inf bucket still counts the observations.
      expect(value('latency_seconds_sum', { case: gone })).toBeUndefined();
      expect(value('latency_seconds_count', { case: gone })).toBeUndefined();
      expect(value('latency_seconds_bucket', { case: gone, le: '+Inf' })).toBeGreaterThan(0);
      expect(value('latency_seconds_created', { case: gone })).toBeGreaterThan(0);
    }
    // Negative bucket bounds: no sum even though this one is positive.
    expect(value('clock_drift_seconds_sum', {})).toBeUndefined();
    expect(value('clock_drift_seconds_bucket', { le: '+Inf' })).toBe(1);

    expect(value('temperature_delta_celsius', { room: 'mixed', quantile: '0.1' })).toBeUndefined();
    expect(value('temperature_delta_celsius', { room: 'mixed', quantile: '0.9' })).toBeGreaterThan(3);
    expect(value('temperature_delta_celsius_count', { room: 'mixed' })).toBe(5);
    expect(value('temperature_delta_celsius_sum', { room: 'mixed' })).toBe(3);
    expect(value('temperature_delta_celsius_sum', { room: 'warm' })).toBe(2);
  });

  it('keeps a summary count whose sum is left out', async () => {
    const registry = new Registry();
    new Summary({ name: 'loss', help: 'Loss.', percentiles: [0.5], registers: [registry] }).observe(-2);
    const text = await registry.metrics({ format: 'openmetrics', created: true });
    const families = await parseOpenMetricsWithPython(text);
    expect(families[0].samples.map((s) => s.name)).toEqual(['loss_count', 'loss_created']);
  });
});

describeWithTool(promtool, 'text 0.0.4 with infinite and negative observations', () => {
  it('writes every value, and promtool accepts it', async () => {
    const text = await signedRegistry().metrics();
    expect(text).toContain('latency_seconds_sum{case="minus_inf"} -Inf');
    expect(text).toContain('latency_seconds_sum{case="both_inf"} NaN');
    expect(text).toContain('clock_drift_seconds_sum 0.5');
    expect(text).toMatch(/temperature_delta_celsius\{quantile="0.1",room="mixed"\} -\d/);
    const result = await promtoolCheckMetrics(text);
    expect(result.stderr + result.stdout).toBe('');
    expect(result.code).toBe(0);
  });
});
