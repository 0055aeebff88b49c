import { join } from 'node:path';
import { describeWithTool } from '../support/external-tool';
import { freePort } from '../support/free-port';
import { type PrometheusServer, prometheusServer, startPrometheus } from '../support/prometheus';
import { type ServiceProcess, startService } from '../support/service-process';
import { waitFor } from '../support/wait-for';
import { drive } from './support/load';
import { usePromkitBundle } from './support/promkit-bundle';

const SAMPLE = join(__dirname, '..', '..', 'sample', 'cluster', 'cluster.js');

describeWithTool(prometheusServer, 'a real Prometheus scraping the cluster sample’s merged endpoint', () => {
  const runtime = usePromkitBundle();
  let app: ServiceProcess;
  let prometheus: PrometheusServer | undefined;

  afterAll(async () => {
    await prometheus?.stop();
    await app?.stop();
  }, 30_000);

  it('stores one series per merged series, with the cluster-wide totals', async () => {
    const metricsPort = await freePort();
    app = startService('cluster sample', process.execPath, [...runtime().execArgv, SAMPLE], {
      env: { ...runtime().env, PORT: '0', METRICS_PORT: String(metricsPort), WORKERS: '4' },
    });
    const appUrl = await waitFor(async () => /serving (\S+)/.exec(app.output())?.[1], {
      what: 'a worker to serve',
      timeoutMs: 30_000,
      giveUp: () => (app.exited() ? app.output() : undefined),
    });
    const load = await drive(() => appUrl, 200, 8);
    prometheus = await startPrometheus([{ name: 'orders-cluster', target: `127.0.0.1:${metricsPort}` }]);
    const server = prometheus;
    const value = async (promql: string) => (await server.query(promql))[0]?.value;
    await waitFor(
      async () =>
        (await value('promkit_aggregation_workers{state="answered"}')) === 4 &&
        (await value('orders_requests_total{route="/orders",code="200"}')) === load.succeeded
          ? true
          : undefined,
      { what: 'Prometheus to store the merged totals of 4 workers', timeoutMs: 30_000 },
      () => 'not yet',
    );
    // One series per label set: workers were merged, not listed side by side.
    expect(await server.query('orders_requests_total')).toHaveLength(1);
    expect(await value('orders_request_duration_seconds_count{route="/orders"}')).toBe(load.succeeded);
    expect(await value('orders_cluster_workers')).toBe(4);
    expect(await value('count(process_cpu_seconds_total)')).toBe(1);
  }, 120_000);
});
