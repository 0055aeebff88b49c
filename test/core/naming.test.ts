import { Counter, Gauge, MetricConfigError, Registry, validateMetricName } from 'promkit';
import { validateLabelName } from '../../lib/core';

describe('metric names', () => {
  const registry = () => new Registry();

  it('joins namespace, subsystem and name, and appends the unit once', () => {
    expect(
      new Gauge({ namespace: 'shop', subsystem: 'db', name: 'pool_size', help: 'P', registers: [registry()] })
        .name,
    ).toBe('shop_db_pool_size');
    expect(new Gauge({ name: 'request_size', unit: 'bytes', help: 'R', registers: [registry()] }).name).toBe(
      'request_size_bytes',
    );
    expect(
      new Gauge({ name: 'request_size_bytes', unit: 'bytes', help: 'R', registers: [registry()] }).name,
    ).toBe('request_size_bytes');
    expect(
      new Counter({ name: 'io_seconds_total', unit: 'seconds', help: 'I', registers: [registry()] }).name,
    ).toBe('io_seconds_total');
  });

  it('writes # UNIT in OpenMetrics for metrics with a unit', async () => {
    const r = registry();
    new Gauge({ name: 'temperature', unit: 'celsius', help: 'T', registers: [r] });
    expect(await r.metrics({ format: 'openmetrics' })).toContain('# UNIT temperature_celsius celsius\n');
  });

  it.each([
    ['1abc', /Invalid metric name "1abc"/],
    ['with-dash', /Invalid metric name "with-dash"/],
    ['', /Metric name is required/],
  ])('rejects the metric name %p', (name, message) => {
    expect(() => new Gauge({ name, help: 'H', registers: [registry()] })).toThrow(message);
  });

  it.each([
    [['__reserved'], /label name "__reserved" is reserved/],
    [['bad-label'], /invalid label name "bad-label"/],
    [['a', 'a'], /label name "a" is declared twice/],
  ])('rejects the label names %p naming the metric', (labelNames, message) => {
    expect(() => new Gauge({ name: 'g', help: 'H', labelNames, registers: [registry()] })).toThrow(
      MetricConfigError,
    );
    expect(() => new Gauge({ name: 'g', help: 'H', labelNames, registers: [registry()] })).toThrow(message);
  });

  it('requires help', () => {
    expect(() => new Gauge({ name: 'g', help: '', registers: [registry()] })).toThrow(
      'Metric "g": help is required (a non-empty string)',
    );
  });

  it('offers prom-client’s validators', () => {
    expect(validateMetricName('a:b_c')).toBe(true);
    expect(validateMetricName('a-b')).toBe(false);
    expect(validateLabelName(['ok', 'also_ok'])).toBe(true);
    expect(validateLabelName(['__no'])).toBe(false);
  });
});
