import { gunzipSync } from 'node:zlib';
import { type BundleRealm, bundleRootForBrowser, evaluateBundle } from '../support/browser-bundle';

// esbuild runs as a child process, hence this suite's place among the e2e tests.
describe('the root entry bundled for the browser (esbuild, platform browser)', () => {
  let promkit: Record<string, any>;
  let options: BundleRealm['options'];

  beforeAll(async () => {
    ({ promkit, options } = evaluateBundle(await bundleRootForBrowser()));
  }, 30_000);

  it('loads no Node built-in at import time', () => {
    expect(typeof promkit.Counter).toBe('function');
    expect(typeof promkit.metricsFetchHandler).toBe('function');
  });

  it('records and serves metrics without Node built-ins', async () => {
    const registry = new promkit.Registry();
    const counter = new promkit.Counter({
      name: 'bundle_jobs_total',
      help: 'jobs',
      labelNames: ['queue'],
      registers: [registry],
    });
    counter.inc({ queue: 'mail' }, 2);
    expect(await registry.metrics()).toContain('bundle_jobs_total{queue="mail"} 2');
  });

  it('serves scrapes through the fetch handler, gzipped with CompressionStream', async () => {
    const registry = new promkit.Registry();
    new promkit.Gauge(options({ name: 'bundle_queue_depth', help: 'depth', registers: [registry] })).set(7);
    const handle = promkit.metricsFetchHandler(options({ registry, auth: options({ bearer: 'token' }) }));
    const refused = await handle(new Request('http://worker.test/metrics'));
    expect(refused.status).toBe(401);
    const response: Response = await handle(
      new Request('http://worker.test/metrics', {
        headers: { 'Accept-Encoding': 'gzip', Authorization: 'Bearer token' },
      }),
    );
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const body = gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8');
    expect(body).toContain('bundle_queue_depth 7');
  });

  it('fails a Node-only feature at its call, naming what it needs', () => {
    expect(() => promkit.startHttpServer(options({ port: 0 }))).toThrow(/startHttpServer.*node:http/);
    expect(() => new promkit.AggregatorRegistry()).toThrow(/cluster mode.*node:cluster/);
  });
});
