import { join } from 'node:path';
import { AggregatorRegistry } from 'promkit';
import { ClusterRegistry } from 'promkit/multiprocess';
import { type ServiceProcess, startService } from '../support/service-process';
import { waitFor } from '../support/wait-for';
import { get, sampleValue } from './support/load';
import { usePromkitBundle } from './support/promkit-bundle';

const APP = join(__dirname, 'fixtures', 'prom-client-style-cluster.js');

describe('a cluster written for prom-client’s AggregatorRegistry', () => {
  const runtime = usePromkitBundle();
  let app: ServiceProcess | undefined;

  afterAll(async () => {
    await app?.stop();
  }, 30_000);

  it('is @prometheus-io/client’s ClusterRegistry too', () => {
    expect(ClusterRegistry).toBe(AggregatorRegistry);
  });

  it('serves every worker’s registries and the primary’s own metrics, merged', async () => {
    app = startService('prom-client style cluster', process.execPath, [...runtime().execArgv, APP], {
      env: runtime().env,
    });
    const service = app;
    const url = await waitFor(async () => /cluster metrics on (\S+)/.exec(service.output())?.[1], {
      what: 'the primary to serve',
      timeoutMs: 30_000,
      giveUp: () => (service.exited() ? service.output() : undefined),
    });
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await get(url);
    // Worker ids 1 and 2 each counted their id; the second registry of each counted 10.
    expect(sampleValue(text, 'requests_total{code="200"}')).toBe(3);
    expect(sampleValue(text, 'jobs_done_total')).toBe(20);
    expect(sampleValue(text, 'test_counter')).toBe(2);
    expect(text).not.toContain('test_counter_total');
    expect(sampleValue(text, 'primary_forks_total')).toBe(2);
    expect(sampleValue(text, 'promkit_aggregation_workers{state="answered"}')).toBe(2);
    // Default metrics: CPU adds up, the version is one series rather than a sum.
    expect(sampleValue(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(text.split('\n').filter((l) => l.startsWith('nodejs_version_info{'))).toHaveLength(1);
  });
});
