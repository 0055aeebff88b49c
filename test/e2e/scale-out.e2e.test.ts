import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { usePromkitBundle } from '../multiprocess/support/promkit-bundle';
import { describeWithTools } from '../support/external-tool';
import { freePort } from '../support/free-port';
import { type PrometheusAgent, prometheusServer, startPrometheusAgent } from '../support/prometheus';
import { type ServiceProcess, startService } from '../support/service-process';
import {
  startVictoriaMetrics,
  type VictoriaMetricsServer,
  victoriaMetricsServer,
} from '../support/victoria-metrics';
import { waitFor } from '../support/wait-for';

const SAMPLE = join(__dirname, '..', '..', 'sample', 'scale-out');
/** Where the sample's agent configuration sends its samples: VictoriaMetrics' default port. */
const SAMPLE_REMOTE_WRITE_URL = 'http://127.0.0.1:8428/api/v1/write';
const ORDERS = 'http_request_duration_seconds_count{job="orders", route="/orders"}';

/** How the instances' metrics reach VictoriaMetrics. */
type Delivery = 'agent' | 'push';

interface Instance {
  readonly target: string;
  /** Processes serving it: 1, or the workers of a cluster. */
  readonly workers: number;
  /** How many GET /orders it is sent. */
  readonly requests: number;
  process?: ServiceProcess;
}

/** GET /orders `count` times, four at a time; any failure fails the test, so every request counted is known. */
async function order(target: string, count: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next++ < count) {
      const response = await fetch(`http://${target}/orders`, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET ${target}/orders answered ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, lane));
}

const runtime = usePromkitBundle();

/**
 * Three instances of sample/scale-out/app.js, one a cluster of two workers,
 * sent a known number of requests each; their metrics reach VictoriaMetrics
 * through a Prometheus agent, or by their own `startRemoteWrite`.
 */
function scaleOut(delivery: Delivery): void {
  const instances: Instance[] = [];
  let victoria: VictoriaMetricsServer | undefined;
  let agent: PrometheusAgent | undefined;

  async function startInstance(workers: number, requests: number): Promise<Instance> {
    const port = await freePort();
    const instance: Instance = { target: `127.0.0.1:${port}`, workers, requests };
    instances.push(instance);
    const push =
      delivery === 'push'
        ? { REMOTE_WRITE_URL: `${victoria?.url}/api/v1/write`, PUSH_INTERVAL_SECONDS: '1' }
        : {};
    const service = startService(
      `scale-out instance ${port}`,
      process.execPath,
      [...runtime().execArgv, join(SAMPLE, 'app.js')],
      { env: { ...runtime().env, PORT: String(port), HOST: '127.0.0.1', WORKERS: String(workers), ...push } },
    );
    instance.process = service;
    await waitFor(
      async () =>
        (service.output().match(/serving /g) ?? []).length === Math.max(workers, 1) ? true : undefined,
      {
        what: `${instance.target} to serve from ${Math.max(workers, 1)} process(es)`,
        timeoutMs: 20_000,
        giveUp: () => (service.exited() ? service.output() : undefined),
      },
    );
    return instance;
  }

  beforeAll(async () => {
    victoria = await startVictoriaMetrics();
    const started = await Promise.all([startInstance(0, 7), startInstance(0, 11), startInstance(2, 23)]);
    if (delivery === 'agent') {
      const config = await readFile(join(SAMPLE, 'prometheus-agent.yml'), 'utf8');
      // The sample's configuration as it is, but for where VictoriaMetrics listens.
      expect(config.split(SAMPLE_REMOTE_WRITE_URL)).toHaveLength(2);
      agent = await startPrometheusAgent({
        config: config.replace(SAMPLE_REMOTE_WRITE_URL, `${victoria.url}/api/v1/write`),
        files: { 'targets.json': JSON.stringify([{ targets: started.map((i) => i.target) }]) },
        targets: started.length,
      });
    }
    await Promise.all(started.map((instance) => order(instance.target, instance.requests)));
  }, 40_000);

  afterAll(async () => {
    // Senders first, while VictoriaMetrics still takes their last samples.
    await agent?.stop();
    await Promise.all(instances.map((instance) => instance.process?.stop()));
    await victoria?.stop();
  }, 20_000);

  const total = () => instances.reduce((sum, instance) => sum + instance.requests, 0);
  let allStored: Promise<number> | undefined;
  /** Resolves once VictoriaMetrics' sum is the number of requests sent; each test waits for that once. */
  const stored = (server: VictoriaMetricsServer) =>
    (allStored ??= waitFor(
      async () => {
        const [result] = await server.query(`sum(${ORDERS})`);
        return result?.value === total() ? result.value : undefined;
      },
      { what: `VictoriaMetrics to hold all ${total()} requests`, timeoutMs: 15_000 },
      () => 'not yet',
    ).catch(async (error) => {
      const seen = await server.query(ORDERS).catch(() => []);
      throw new Error(`${(error as Error).message}; stored: ${JSON.stringify(seen)}`);
    }));

  it('stores the exact number of requests sent, summed over the instances', async () => {
    await expect(stored(victoria as VictoriaMetricsServer)).resolves.toBe(total());
  });

  it('keeps each instance apart by its instance label, the cluster as one instance', async () => {
    const server = victoria as VictoriaMetricsServer;
    await stored(server);
    const byInstance = async (promql: string) =>
      Object.fromEntries((await server.query(promql)).map((s) => [s.metric.instance, s.value]));
    await expect(byInstance(`sum by (instance) (${ORDERS})`)).resolves.toEqual(
      Object.fromEntries(instances.map((i) => [i.target, i.requests])),
    );
    await expect(byInstance(`count by (instance) (${ORDERS})`)).resolves.toEqual(
      Object.fromEntries(instances.map((i) => [i.target, 1])),
    );
    // The cluster's view merged both workers, not whichever one answered.
    const cluster = instances.find((i) => i.workers > 0) as Instance;
    await expect(byInstance(`promkit_aggregation_workers{job="orders", state="answered"}`)).resolves.toEqual({
      [cluster.target]: cluster.workers,
    });
  });
}

describeWithTools(
  [prometheusServer, victoriaMetricsServer],
  'three instances, one a cluster, scraped by a Prometheus agent into VictoriaMetrics',
  () => scaleOut('agent'),
);

describeWithTools(
  [victoriaMetricsServer],
  'three instances, one a cluster, pushing to VictoriaMetrics with startRemoteWrite',
  () => scaleOut('push'),
);
