import { bundleRootForBrowser, evaluateBundle } from '../support/browser-bundle';

// esbuild runs as a child process, hence this suite's place among the e2e tests.
describe('the root entry bundled for the browser (esbuild, platform browser)', () => {
  let promkit: Record<string, any>;

  beforeAll(async () => {
    promkit = evaluateBundle(await bundleRootForBrowser());
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

  it('fails a Node-only feature at its call, naming what it needs', () => {
    expect(() => promkit.startHttpServer({ port: 0 })).toThrow(/startHttpServer.*node:http/);
  });
});
