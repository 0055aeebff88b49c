import { Counter, Histogram, MetricConfigError, overridePolicy, policyFromEnv, Registry } from 'promkit';

describe('metric policy: overrides from the environment', () => {
  it('an operator turns a histogram native, changes its buckets and denies a metric without touching code', async () => {
    const fromCode = { deny: ['debug_*'], distributions: [{ metric: 'api_seconds', buckets: [1] }] };
    const env = {
      PROMKIT_POLICY: JSON.stringify({
        deny: ['noisy_total'],
        distributions: [{ metric: 'api_seconds', buckets: [0.25, 2], native: true }],
      }),
    };
    const registry = new Registry();
    registry.setPolicy(overridePolicy(fromCode, policyFromEnv(env)));
    const api = new Histogram({ name: 'api_seconds', help: 'A', registers: [registry] });
    new Counter({ name: 'noisy_total', help: 'N', registers: [registry] }).inc();
    new Counter({ name: 'debug_total', help: 'D', registers: [registry] }).inc();
    expect(api.upperBounds).toEqual([0.25, 2]);
    expect(api.nativeConfig).toBeDefined();
    expect(await registry.metrics()).not.toMatch(/noisy|debug/);
  });

  it('renames merge, the override winning; accept is replaced', () => {
    expect(
      overridePolicy(
        { accept: ['a_*'], rename: { x: 'y', p: 'q' } },
        { accept: ['b_*'], rename: { x: 'z' } },
      ),
    ).toEqual({ accept: ['b_*'], rename: { x: 'z', p: 'q' } });
  });

  it('is undefined when unset, and names the variable when its value is not a policy', () => {
    expect(policyFromEnv({})).toBeUndefined();
    expect(() => policyFromEnv({ PROMKIT_POLICY: '{deny:' })).toThrow(/^PROMKIT_POLICY is not valid JSON: /);
    expect(() => policyFromEnv({ PROMKIT_POLICY: '[]' })).toThrow(
      new MetricConfigError('PROMKIT_POLICY must hold a JSON object, got an array'),
    );
    expect(() => policyFromEnv({ PROMKIT_POLICY: '{"deny":[1]}' })).toThrow(
      'Metric policy: deny holds 1: expected a metric name or a prefix ending in "*"',
    );
  });
});

describe('metric policy: patterns', () => {
  it('take "*" only at the end, so a pattern never silently matches nothing', () => {
    expect(() => new Registry().setPolicy({ deny: ['orders_*_total'] })).toThrow(
      'Metric policy: deny holds "orders_*_total": expected a metric name or a prefix ending in "*"',
    );
  });
});
