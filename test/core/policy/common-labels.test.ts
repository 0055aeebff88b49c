import 'reflect-metadata';
import {
  Counter,
  collectDefaultMetrics,
  Gauge,
  Histogram,
  HttpMetrics,
  MetricConfigError,
  type MetricPolicy,
  overridePolicy,
  policyFromEnv,
  Registry,
  Timed,
} from 'promkit';

function sampleLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

const PROD_WEB: MetricPolicy = {
  commonLabels: [
    { metric: '*', labels: { env: 'prod', team: 'platform' } },
    { metric: 'http_*', labels: { team: 'web' } },
  ],
};

describe('metric policy: common labels, overridden per metric prefix', () => {
  it('hand-declared metrics: every series shows them, the most specific prefix wins, an own label wins over all', async () => {
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, {
      policy: {
        commonLabels: [
          { metric: '*', labels: { env: 'prod', team: 'platform' } },
          { metric: 'http_requests_total', labels: { team: 'edge' } },
          { metric: 'http_*', labels: { team: 'web' } },
          { metric: 'http_req*', labels: { team: 'api' } },
        ],
      },
    });
    const jobs = new Counter({ name: 'jobs_total', help: 'J', registers: [registry] });
    const requests = new Counter({
      name: 'http_requests_total',
      help: 'R',
      labelNames: ['method'],
      registers: [registry],
    });
    const open = new Gauge({ name: 'http_open_sockets', help: 'O', registers: [registry] });
    const owned = new Gauge({ name: 'queue_depth', help: 'Q', labelNames: ['team'], registers: [registry] });
    jobs.inc();
    requests.inc({ method: 'GET' });
    requests.labels('GET').inc();
    open.set(2);
    owned.set({ team: 'billing' }, 3);
    expect(requests.labelNames).toEqual(['method']);
    expect(sampleLines(await registry.metrics())).toEqual([
      'jobs_total{env="prod",team="platform"} 1',
      'http_requests_total{method="GET",env="prod",team="edge"} 2',
      'http_open_sockets{env="prod",team="web"} 2',
      'queue_depth{team="billing",env="prod"} 3',
    ]);
    expect(
      await registry.getSampleValue('http_requests_total', { method: 'GET', env: 'prod', team: 'edge' }),
    ).toBe(2);
  });

  it('win over the registry default labels of the same name, which still fill in the others', async () => {
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, { policy: PROD_WEB });
    registry.setDefaultLabels({ team: 'default', region: 'eu' });
    new Counter({ name: 'http_hits_total', help: 'H', registers: [registry] }).inc();
    expect(sampleLines(await registry.metrics())).toEqual([
      'http_hits_total{env="prod",team="web",region="eu"} 1',
    ]);
  });

  it('histograms: every bucket, sum and count sample; label rules still rewrite the own labels', async () => {
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, {
      policy: {
        ...PROD_WEB,
        labels: [{ metric: 'http_*', label: 'status_code', replace: ['^(\\d)\\d\\d$', '$1xx'] }],
      },
    });
    const h = new Histogram({
      name: 'http_latency_seconds',
      help: 'L',
      labelNames: ['status_code'],
      buckets: [1],
      registers: [registry],
    });
    h.observe({ status_code: 200 }, 0.5);
    h.observe({ status_code: 204 }, 2);
    expect(sampleLines(await registry.metrics())).toEqual([
      'http_latency_seconds_bucket{le="1",status_code="2xx",env="prod",team="web"} 1',
      'http_latency_seconds_bucket{le="+Inf",status_code="2xx",env="prod",team="web"} 2',
      'http_latency_seconds_sum{status_code="2xx",env="prod",team="web"} 2.5',
      'http_latency_seconds_count{status_code="2xx",env="prod",team="web"} 2',
    ]);
  });

  it('the overflow series shows them too', async () => {
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, { policy: PROD_WEB });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const c = new Counter({
      name: 'jobs_total',
      help: 'J',
      labelNames: ['q'],
      maxSeries: 1,
      registers: [registry],
    });
    c.inc({ q: 'a' });
    c.inc({ q: 'b' });
    warn.mockRestore();
    expect(sampleLines(await registry.metrics())).toContain(
      'jobs_total{promkit_overflow="true",env="prod",team="platform"} 1',
    );
  });

  it('decorator metrics get them by their declared name', async () => {
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, {
      policy: {
        commonLabels: [...PROD_WEB.commonLabels!, { metric: 'orders_*', labels: { team: 'orders' } }],
      },
    });
    class OrdersService {
      @Timed({ registry, name: 'orders_create_seconds', buckets: [1] })
      create(): string {
        return 'created';
      }
    }
    new OrdersService().create();
    expect(sampleLines(await registry.metrics())).toContain(
      'orders_create_seconds_count{env="prod",team="orders"} 1',
    );
  });

  it('HTTP server metrics get the http_ prefix override', async () => {
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, { policy: PROD_WEB });
    const http = new HttpMetrics({ registry });
    http.start('GET', '/a')?.('/a', 200);
    expect(
      await registry.getSampleValue('http_request_duration_seconds_count', {
        method: 'GET',
        route: '/a',
        status_code: '200',
        env: 'prod',
        team: 'web',
      }),
    ).toBe(1);
    http.close();
  });

  it('default metrics get them by family name at each scrape', async () => {
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, {
      policy: {
        commonLabels: [
          { metric: '*', labels: { env: 'prod' } },
          { metric: 'nodejs_*', labels: { runtime: 'node' } },
        ],
      },
    });
    collectDefaultMetrics({ register: registry });
    const lines = sampleLines(await registry.metrics());
    expect(lines.find((l) => l.startsWith('process_cpu_user_seconds_total'))).toMatch(
      /^process_cpu_user_seconds_total\{env="prod"\} /,
    );
    expect(lines.find((l) => l.startsWith('nodejs_eventloop_lag_seconds '))).toBeUndefined();
    expect(lines.find((l) => l.startsWith('nodejs_eventloop_lag_seconds'))).toMatch(
      /^nodejs_eventloop_lag_seconds\{env="prod",runtime="node"\} /,
    );
  });

  it('a collector that returns a promkit histogram’s families keeps its buckets (as default metrics do after a GC)', async () => {
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, { policy: PROD_WEB });
    const pauses = new Histogram({
      name: 'pause_seconds',
      help: 'P',
      labelNames: ['kind'],
      buckets: [0.1, 1],
      registers: [],
    });
    pauses.observe({ kind: 'major' }, 0.5);
    registry.registerCollector({ collect: () => pauses.collect() });
    const lines = sampleLines(await registry.metrics());
    expect(lines).toContain('pause_seconds_bucket{le="0.1",kind="major",env="prod",team="platform"} 0');
    expect(lines).toContain('pause_seconds_bucket{le="1",kind="major",env="prod",team="platform"} 1');
    expect(lines).toContain('pause_seconds_count{kind="major",env="prod",team="platform"} 1');
    expect(await registry.getMetricsAsJSON()).toEqual([
      expect.objectContaining({
        name: 'pause_seconds',
        values: expect.arrayContaining([
          expect.objectContaining({
            metricName: 'pause_seconds_sum',
            labels: { kind: 'major', env: 'prod', team: 'platform' },
            value: 0.5,
          }),
        ]),
      }),
    ]);
  });

  it('getMetricsAsJSON shows a collector’s families as a scrape does: denied ones left out', async () => {
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, {
      policy: { deny: ['secret_*'], commonLabels: [{ metric: '*', labels: { env: 'prod' } }] },
    });
    const point = { labelNames: [], labelValues: [], value: 1 };
    registry.registerCollector({
      collect: () => [
        { name: 'secret_keys', help: 'S', type: 'gauge', points: [point] },
        { name: 'public_keys', help: 'P', type: 'gauge', points: [point] },
      ],
    });
    expect(sampleLines(await registry.metrics())).toEqual(['public_keys{env="prod"} 1']);
    const json = await registry.getMetricsAsJSON();
    expect(json.map((m) => [m.name, m.values.map((v) => v.labels)])).toEqual([
      ['public_keys', [{ env: 'prod' }]],
    ]);
  });

  it("a custom collector's families: its points' own labels win, and what it returned is left as it was", async () => {
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, { policy: PROD_WEB });
    const point = { labelNames: ['env'], labelValues: ['staging'], value: 1 };
    registry.registerCollector({
      collect: () => [
        { name: 'http_pool_size', help: 'P', type: 'gauge', points: [point] },
        {
          name: 'build',
          help: 'B',
          type: 'stateset',
          points: [{ labelNames: [], labelValues: [], states: ['a'], enabled: [true] }],
        },
      ],
    });
    expect(sampleLines(await registry.metrics())).toEqual([
      'http_pool_size{env="staging",team="web"} 1',
      'build{env="prod",team="platform",build="a"} 1',
    ]);
    expect(point).toEqual({ labelNames: ['env'], labelValues: ['staging'], value: 1 });
  });

  it('come from the environment, and an override comes after the code: at equal patterns it wins', async () => {
    const fromEnv = policyFromEnv({
      PROMKIT_POLICY: JSON.stringify({ commonLabels: [{ metric: 'http_*', labels: { team: 'sre' } }] }),
    });
    const registry = new Registry(Registry.PROMETHEUS_CONTENT_TYPE, {
      policy: overridePolicy(PROD_WEB, fromEnv),
    });
    new Counter({ name: 'http_hits_total', help: 'H', registers: [registry] }).inc();
    expect(sampleLines(await registry.metrics())).toEqual(['http_hits_total{env="prod",team="sre"} 1']);
  });

  it('a bad rule is refused when the policy is set, naming the rule, the label and what is wrong', () => {
    const registry = new Registry();
    const refused = (commonLabels: unknown) => () =>
      registry.setPolicy({ commonLabels } as unknown as MetricPolicy);
    expect(refused({ env: 'prod' })).toThrow(
      new MetricConfigError('Metric policy: commonLabels must be an array of rules'),
    );
    expect(refused([{ metric: 'http_*', labels: { team: 3 } }])).toThrow(
      'Metric policy: commonLabels[0].labels["team"] must be a string, got 3',
    );
    expect(refused([{ metric: '*', labels: { le: '1' } }])).toThrow(
      'Metric policy: commonLabels[0].labels["le"] is reserved',
    );
    expect(refused([{ metric: '*', labels: { 'bad-name': 'x' } }])).toThrow(
      /commonLabels\[0\]\.labels.*bad-name/,
    );
    expect(refused([{ metric: 'http_*_total', labels: {} }])).toThrow(/commonLabels\[0\]\.metric/);
    expect(refused([{ metric: '*', labels: ['x'] }])).toThrow(/commonLabels\[0\]\.labels must be an object/);
  });
});
