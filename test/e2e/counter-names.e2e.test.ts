import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as promClient from 'prom-client';
import { Counter, Histogram, type HttpServerHandle, Registry, startHttpServer } from 'promkit';
import { describeWithTool } from '../support/external-tool';
import { type PrometheusServer, prometheusServer, startPrometheus } from '../support/prometheus';
import { waitFor } from '../support/wait-for';

/**
 * What a real Prometheus (2.42, which asks for OpenMetrics first) stores for
 * a counter declared without `_total`, as prom-client apps name them: the
 * name prom-client's text gave it only when OpenMetrics is not served; the
 * same holds for `le` values, which OpenMetrics writes canonically (`1.0`).
 */
const NEGOTIATED = 'promkit-negotiated';
const TEXT_ONLY = 'promkit-openmetrics-false';
const PROM_CLIENT = 'prom-client';

function record(counter: { inc(v: number): void }, histogram: { observe(v: number): void }) {
  counter.inc(3);
  histogram.observe(0.5);
}

describeWithTool(prometheusServer, 'counters declared without _total, stored by a real Prometheus', () => {
  const servers: HttpServerHandle[] = [];
  let promClientServer: Server | undefined;
  let prometheus: PrometheusServer | undefined;
  let warn: jest.SpyInstance;

  beforeAll(async () => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const targets: Record<string, string> = {};
    for (const [job, openMetrics] of [
      [NEGOTIATED, undefined],
      [TEXT_ONLY, false],
    ] as const) {
      const registry = new Registry();
      record(
        new Counter({ name: 'orders_processed', help: 'Orders.', registers: [registry] }),
        new Histogram({ name: 'took_seconds', help: 'Took.', buckets: [1], registers: [registry] }),
      );
      const server = await startHttpServer({ registry, host: '127.0.0.1', port: 0, openMetrics });
      servers.push(server);
      targets[job] = `127.0.0.1:${server.port}`;
    }
    const promClientRegistry = new promClient.Registry();
    record(
      new promClient.Counter({ name: 'orders_processed', help: 'Orders.', registers: [promClientRegistry] }),
      new promClient.Histogram({
        name: 'took_seconds',
        help: 'Took.',
        buckets: [1],
        registers: [promClientRegistry],
      }),
    );
    // A prom-client app's endpoint: the registry's text, whatever the scraper asks for.
    promClientServer = createServer(async (_req, res) => {
      res.setHeader('Content-Type', promClientRegistry.contentType);
      res.end(await promClientRegistry.metrics());
    });
    await new Promise<void>((resolve) => promClientServer!.listen(0, '127.0.0.1', resolve));
    targets[PROM_CLIENT] = `127.0.0.1:${(promClientServer.address() as AddressInfo).port}`;
    prometheus = await startPrometheus(Object.entries(targets).map(([name, target]) => ({ name, target })));
    await waitFor(
      async () => {
        const up = await prometheus!.query('count by (job) ({__name__=~"orders_processed.*"})');
        return up.length === 3 ? up : undefined;
      },
      { what: 'every job to have stored its counter', timeoutMs: 15_000 },
    );
  }, 60_000);

  afterAll(async () => {
    warn.mockRestore();
    await prometheus?.stop();
    await Promise.all(servers.map((s) => s.close()));
    await new Promise((resolve) => promClientServer?.close(resolve) ?? resolve(undefined));
  });

  async function storedNames(job: string): Promise<string[]> {
    const stored = await prometheus!.query(`{job="${job}", __name__=~"orders_processed.*"}`);
    return stored.map((s) => s.metric.__name__).sort();
  }

  async function bucketBounds(job: string): Promise<string[]> {
    return (await prometheus!.labelValues('le', `took_seconds_bucket{job="${job}"}`)).sort();
  }

  it('prom-client: the declared name, le="1"', async () => {
    await expect(storedNames(PROM_CLIENT)).resolves.toEqual(['orders_processed']);
    await expect(bucketBounds(PROM_CLIENT)).resolves.toEqual(['+Inf', '1']);
  });

  it('promkit with openMetrics: false: the same series as prom-client', async () => {
    await expect(storedNames(TEXT_ONLY)).resolves.toEqual(['orders_processed']);
    await expect(bucketBounds(TEXT_ONLY)).resolves.toEqual(['+Inf', '1']);
  });

  it('promkit negotiating OpenMetrics: <name>_total and le="1.0", told once to the app', async () => {
    await expect(storedNames(NEGOTIATED)).resolves.toEqual(['orders_processed_total']);
    await expect(bucketBounds(NEGOTIATED)).resolves.toEqual(['+Inf', '1.0']);
    const told = warn.mock.calls
      .map((c) => String(c[0]))
      .filter((m) => m.includes('orders_processed (now orders_processed_total)'));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('{ openMetrics: false }');
  });
});
