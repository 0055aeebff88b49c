import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'promkit';
import { MetricsLifecycle, MetricsModule } from 'promkit/nest';
import { closeAllApps, getText, sampleValue, startApp } from './nest-app';

afterEach(closeAllApps);

/** Options as plain JavaScript or `any`-typed configuration hands them over. */
const untyped = (options: Record<string, unknown>) => options as any;

describe('MetricsModule.forRoot checks its options when called', () => {
  it('refuses a port that is no port number, instead of listening on a socket file of that name', () => {
    expect(() => MetricsModule.forRoot(untyped({ port: 'abc' }))).toThrow(
      "MetricsModule.forRoot(): port must be an integer from 0 to 65535 (a number, or its decimal string), got 'abc'",
    );
    expect(() => MetricsModule.forRoot(untyped({ port: 70000 }))).toThrow(
      /port must be an integer .* got 70000$/,
    );
    expect(existsSync(join(process.cwd(), 'abc'))).toBe(false);
  });

  it('names an unknown option with the option it most likely meant', () => {
    expect(() => MetricsModule.forRoot(untyped({ metricsPath: '/prom' }))).toThrow(
      `MetricsModule.forRoot(): unknown option "metricsPath" ('/prom'); did you mean "path"? The options are: registry, aggregated, defaultMetrics,`,
    );
    expect(() => MetricsModule.forRoot(untyped({ defaultMetric: false }))).toThrow(
      'unknown option "defaultMetric" (false); did you mean "defaultMetrics"?',
    );
    expect(() => MetricsModule.forRoot(untyped({ colour: 'blue' }))).toThrow(
      /unknown option "colour" \('blue'\)\. The options are: registry, /,
    );
  });

  it('refuses values of the wrong type, naming the option, the value and what is allowed', () => {
    expect(() => MetricsModule.forRoot(untyped({ defaultMetrics: 'yes' }))).toThrow(
      "MetricsModule.forRoot(): defaultMetrics must be a boolean or an object of prefix, labels, gcDurationBuckets, eventLoopMonitoringPrecision, got 'yes'",
    );
    expect(() => MetricsModule.forRoot(untyped({ registry: {} }))).toThrow(
      'registry must be a Registry, got {}',
    );
    expect(() => MetricsModule.forRoot(untyped({ guards: ['admin'] }))).toThrow(
      "guards[0] must be a guard class or instance (with canActivate), got 'admin'",
    );
  });

  it('checks nested option objects, without showing secrets', () => {
    const check = (options: Record<string, unknown>) => () => MetricsModule.forRoot(untyped(options));
    expect(check({ auth: { user: 'prom', pass: 's3cret' } })).toThrow(
      `MetricsModule.forRoot(): unknown option "auth.user" ('prom'); did you mean "auth.username"?`,
    );
    expect(check({ auth: { username: 'prom' } })).toThrow(
      'auth needs username and password (basic auth) or bearer (a token), got only one of username and password',
    );
    expect(check({ auth: { username: 'prom', password: 1234 } })).toThrow(
      'auth.password must be a string, got (a number, hidden)',
    );
    expect(check({ auth: { bearer: 'x', pass: 's3cret' } })).not.toThrow(/s3cret/);
    expect(check({ httpMetrics: { excludePath: ['/health'] } })).toThrow(
      `unknown option "httpMetrics.excludePath" (['/health']); did you mean "httpMetrics.excludePaths"?`,
    );
    expect(check({ httpMetrics: { exemplars: 'all' } })).toThrow(
      "httpMetrics.exemplars must be 'trace' or 'none', got 'all'",
    );
    expect(check({ defaultMetrics: { labels: { team: null } } })).toThrow(
      'defaultMetrics.labels.team must be a string or a number, got null',
    );
    expect(check({ aggregated: { aggregate: new Registry() } })).toThrow(
      'aggregated must be an AggregatorRegistry, WorkerRegistry, MultiprocessDirectory or a Registry (or an object whose aggregated is one), got { aggregate: Registry }',
    );
  });

  it('accepts every option as documented', () => {
    expect(() =>
      MetricsModule.forRoot({
        registry: new Registry(),
        defaultMetrics: { prefix: 'app_', labels: { team: 'shop' }, eventLoopMonitoringPrecision: 20 },
        defaultLabels: { service: 'orders', shard: 2 },
        prefix: '',
        openMetrics: false,
        gzip: true,
        auth: { username: 'prom', password: 'secret' },
        maxInFlight: Number.POSITIVE_INFINITY,
        port: 0,
        host: '127.0.0.1',
        httpMetrics: {
          buckets: [0.1, 1],
          excludePaths: ['/health', /^\/internal/],
          native: true,
          exemplars: 'none',
        },
        path: 'internal/metrics',
        controller: true,
        controllerDecorators: [],
        guards: [],
        global: true,
      }),
    ).not.toThrow();
  });
});

describe('MetricsModule.forRootAsync checks its options', () => {
  it('when called, naming a misspelt key and options that belong to the factory', () => {
    expect(() => MetricsModule.forRootAsync(untyped({ useFactroy: () => ({}) }))).toThrow(
      'MetricsModule.forRootAsync(): unknown option "useFactroy" (function useFactroy); did you mean "useFactory"?',
    );
    expect(() => MetricsModule.forRootAsync(untyped({ useFactory: () => ({}), port: 9100 }))).toThrow(
      'MetricsModule.forRootAsync(): port is not taken here: return it from the options factory',
    );
  });

  it('when the app starts, for what the factory returned, naming route options that belong to forRootAsync', async () => {
    const factory = (options: Record<string, unknown>) =>
      startApp('express', {
        imports: [
          MetricsModule.forRootAsync({ useFactory: () => untyped({ registry: new Registry(), ...options }) }),
        ],
      });
    await expect(factory({ port: 'abc' })).rejects.toThrow(
      "MetricsModule.forRootAsync() options from the factory: port must be an integer from 0 to 65535 (a number, or its decimal string), got 'abc'",
    );
    await expect(factory({ defaultMetric: false })).rejects.toThrow(
      'unknown option "defaultMetric" (false); did you mean "defaultMetrics"?',
    );
    await expect(factory({ path: '/prom' })).rejects.toThrow(
      'path is not taken here: routes are fixed before any factory runs, so give it to forRootAsync() itself',
    );
  });

  it('takes a port read from the environment as a string', async () => {
    const registry = new Registry();
    const { app } = await startApp('express', {
      imports: [
        MetricsModule.forRootAsync({
          useFactory: () => untyped({ registry, defaultMetrics: false, port: '0', host: '127.0.0.1' }),
        }),
      ],
    });
    const server = app.get(MetricsLifecycle).metricsServer;
    expect(server?.port).toBeGreaterThan(0);
    const scraped = await getText(`http://127.0.0.1:${server!.port}/metrics`);
    expect(scraped.status).toBe(200);
    expect(sampleValue(scraped.text, 'http_requests_in_flight{method="GET"}')).toBeUndefined();
  });
});
