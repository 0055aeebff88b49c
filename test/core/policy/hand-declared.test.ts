import { Counter, Gauge, Histogram, MetricConfigError, Registry, Summary } from 'promkit';

function sampleLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

describe('metric policy: metrics declared by hand', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => warn.mockRestore());

  it('a denied metric records nothing, is not exposed, and its calls and timers still work', async () => {
    const registry = new Registry(undefined, { policy: { deny: ['debug_*', 'jobs_total'] } });
    const jobs = new Counter({ name: 'jobs_total', help: 'J', labelNames: ['q'], registers: [registry] });
    const lag = new Histogram({ name: 'debug_lag_seconds', help: 'L', registers: [registry] });
    const kept = new Gauge({ name: 'queue_depth', help: 'Q', registers: [registry] });
    jobs.inc({ q: 'a' });
    jobs.labels('b').inc(2);
    lag.observe(1);
    expect(lag.startTimer()()).toBe(0);
    expect(lag.labels().startTimer()()).toBe(0);
    kept.set(3);
    expect(registry.getSingleMetric('jobs_total')).toBeUndefined();
    expect(sampleLines(await registry.metrics())).toEqual(['queue_depth 3']);
    expect((await jobs.get()).values).toEqual([]);
  });

  it('accept keeps only the metrics it names; deny wins over it', async () => {
    const registry = new Registry();
    registry.setPolicy({ accept: ['app_*'], deny: ['app_secret_total'] });
    new Counter({ name: 'app_jobs_total', help: 'J', registers: [registry] }).inc();
    new Counter({ name: 'app_secret_total', help: 'S', registers: [registry] }).inc();
    new Counter({ name: 'other_total', help: 'O', registers: [registry] }).inc();
    expect(sampleLines(await registry.metrics())).toEqual(['app_jobs_total 1']);
  });

  it('renames a metric by its declared name (namespace and unit included)', async () => {
    const registry = new Registry(undefined, {
      policy: { rename: { shop_latency_seconds: 'checkout_latency_seconds' } },
    });
    const h = new Histogram({
      namespace: 'shop',
      name: 'latency',
      unit: 'seconds',
      help: 'L',
      buckets: [1],
      registers: [registry],
    });
    h.observe(0.5);
    expect(h.name).toBe('checkout_latency_seconds');
    expect(sampleLines(await registry.metrics())).toContain('checkout_latency_seconds_bucket{le="1"} 1');
  });

  it('rewrites label values when a series is created; rewritten values share one series', async () => {
    const registry = new Registry(undefined, {
      policy: {
        labels: [
          { metric: 'http_*', label: 'status_code', replace: ['^(\\d)\\d\\d$', '$1xx'] },
          { metric: 'http_*', label: 'path', values: { '/health': '/internal' } },
          { metric: 'http_requests_total', label: 'user', drop: true },
        ],
      },
    });
    const c = new Counter({
      name: 'http_requests_total',
      help: 'R',
      labelNames: ['status_code', 'path', 'user'],
      registers: [registry],
    });
    c.inc({ status_code: 200, path: '/a', user: 'u1' });
    c.inc({ status_code: '201', path: '/a', user: 'u2' });
    c.labels('204', '/a', 'u3').inc();
    c.inc({ status_code: 503, path: '/health', user: 'u1' });
    expect(sampleLines(await registry.metrics())).toEqual([
      'http_requests_total{status_code="2xx",path="/a"} 3',
      'http_requests_total{status_code="5xx",path="/internal"} 1',
    ]);
  });

  it('caps the distinct values of one label; past the cap, calls go to the overflow series and are counted', async () => {
    const registry = new Registry(undefined, {
      policy: { labels: [{ metric: 'logins_total', label: 'tenant', maxValues: 2 }] },
    });
    const c = new Counter({
      name: 'logins_total',
      help: 'L',
      labelNames: ['tenant', 'method'],
      registers: [registry],
    });
    c.inc({ tenant: 'a', method: 'pw' });
    c.inc({ tenant: 'b', method: 'pw' });
    c.inc({ tenant: 'a', method: 'sso' });
    c.inc({ tenant: 'c', method: 'pw' });
    c.inc({ tenant: 'd', method: 'pw' });
    const lines = sampleLines(await registry.metrics());
    expect(lines).toEqual([
      'logins_total{tenant="a",method="pw"} 1',
      'logins_total{tenant="b",method="pw"} 1',
      'logins_total{tenant="a",method="sso"} 1',
      'logins_total{promkit_overflow="true"} 2',
      'promkit_series_overflow_total{metric="logins_total"} 2',
    ]);
  });

  it('sets buckets, SLO bounds and native buckets of histograms and quantiles of summaries by name', async () => {
    const registry = new Registry(undefined, {
      policy: {
        distributions: [
          { metric: 'api_*', buckets: [0.1, 1] },
          { metric: 'api_latency_seconds', slo: [0.3], native: { bucketFactor: 1.5 } },
          { metric: 'batch_seconds', quantiles: [0.5, 0.99] },
        ],
      },
    });
    const h = new Histogram({ name: 'api_latency_seconds', help: 'L', buckets: [5], registers: [registry] });
    const s = new Summary({ name: 'batch_seconds', help: 'B', percentiles: [0.9], registers: [registry] });
    expect(h.upperBounds).toEqual([0.1, 0.3, 1]);
    expect(h.nativeConfig?.schema).toBe(1);
    expect(s.percentiles).toEqual([0.5, 0.99]);
  });

  it('turns native buckets off and keeps the declared ones where no rule matches', () => {
    const registry = new Registry(undefined, {
      policy: { distributions: [{ metric: 'a_seconds', native: false, buckets: [2] }] },
    });
    const a = new Histogram({ name: 'a_seconds', help: 'A', native: true, registers: [registry] });
    const b = new Histogram({ name: 'b_seconds', help: 'B', buckets: [3], registers: [registry] });
    expect(a.nativeConfig).toBeUndefined();
    expect(a.upperBounds).toEqual([2]);
    expect(b.upperBounds).toEqual([3]);
  });

  it('follows the policy of the first of its registries that has one', async () => {
    const plain = new Registry();
    const governed = new Registry(undefined, { policy: { rename: { x_total: 'y_total' } } });
    new Counter({ name: 'x_total', help: 'X', registers: [plain, governed] }).inc();
    expect(sampleLines(await plain.metrics())).toEqual(['y_total 1']);
  });

  it('rejects a bad policy when it is set, naming the rule and what is wrong', () => {
    const registry = new Registry();
    expect(() => registry.setPolicy({ deny: 'debug_*' as never })).toThrow(
      new MetricConfigError('Metric policy: deny must be an array of names or prefixes, got "debug_*"'),
    );
    expect(() => registry.setPolicy({ rename: { a: '1bad' } })).toThrow(
      /Metric policy: rename\["a"\] Invalid metric name "1bad"/,
    );
    expect(() => registry.setPolicy({ labels: [{ metric: 'a', label: 'l', replace: ['(', 'x'] }] })).toThrow(
      /Metric policy: labels\[0\]\.replace has an invalid pattern/,
    );
    expect(() => registry.setPolicy({ labels: [{ metric: 'a', label: 'l', maxValues: 0 }] })).toThrow(
      'Metric policy: labels[0].maxValues must be a whole number >= 1 or Infinity, got 0',
    );
    expect(() => registry.setPolicy({ distributions: [{ metric: 'a', buckets: ['x' as never] }] })).toThrow(
      'Metric policy: distributions[0].buckets must hold finite numbers only, got "x"',
    );
    expect(registry.policy).toBeUndefined();
  });
});
