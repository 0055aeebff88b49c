import { randomBytes } from 'node:crypto';
import { describeWithTool } from '../support/external-tool';
import { type PrometheusServer, prometheusServer, startPrometheus } from '../support/prometheus';
import { type RunningSampleApp, startCatalogSample, startSampleApp } from '../support/sample-app';
import { waitFor } from '../support/wait-for';
import {
  type GrafanaDashboard,
  interpolate,
  panelQueries,
  panelsOf,
  readDashboard,
  resolveVariables,
  variablesIn,
} from './grafana-dashboard';

const dashboard: GrafanaDashboard = readDashboard();
const LOAD_MS = 8_000;
const MAX_LOAD_MS = 90_000;
/** How every panel and query names its datasource: the dashboard's datasource variable. */
const DATASOURCE = '$' + '{datasource}';
const CONCURRENCY = 4;
const STARTUP_MS = 120_000;
/** The catalog runs as a cluster: a primary and this many workers, each with default metrics. */
const CATALOG_WORKERS = 2;
/** A quantile of a histogram in seconds: a latency query, whose exemplars lead to the slow requests' traces. */
const LATENCY_QUERY = /histogram_quantile\(.*(_seconds_bucket|\$\{timed\}_bucket)/;

describe('the Grafana dashboard file', () => {
  const panels = panelsOf(dashboard);
  const variables = new Set(dashboard.templating.list.map((v) => v.name));

  it('has unique panel ids, panels inside the 24-column grid and one datasource variable', () => {
    const ids = dashboard.panels.flatMap((p) => [p.id, ...(p.panels ?? []).map((c) => c.id)]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels) {
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: DATASOURCE });
      for (const target of panel.targets ?? []) expect(target.datasource?.uid).toBe(DATASOURCE);
    }
    expect(dashboard.templating.list.filter((v) => v.type === 'datasource').map((v) => v.name)).toEqual([
      'datasource',
    ]);
  });

  it('gives every panel queries with distinct refIds, using only declared variables', () => {
    for (const panel of panels) {
      const refIds = (panel.targets ?? []).map((t) => t.refId);
      expect({ panel: panel.title, refIds: new Set(refIds).size }).toEqual({
        panel: panel.title,
        refIds: refIds.length,
      });
      expect(refIds.length).toBeGreaterThan(0);
      const used = [panel.title, ...(panel.targets ?? []).map((t) => t.expr)].flatMap(variablesIn);
      for (const name of used)
        expect({ panel: panel.title, variable: name, declared: variables.has(name) }).toMatchObject({
          declared: true,
        });
      if (panel.repeat !== undefined) expect(variables.has(panel.repeat)).toBe(true);
    }
  });

  it('shows exemplars on every latency query', () => {
    const latency = panels.flatMap((panel) =>
      (panel.targets ?? [])
        .filter((t) => LATENCY_QUERY.test(t.expr))
        .map((t) => ({ panel: panel.title, refId: t.refId, exemplar: t.exemplar })),
    );
    expect(new Set(latency.map((t) => t.panel)).size).toBeGreaterThanOrEqual(4);
    expect(latency.filter((t) => t.exemplar !== true)).toEqual([]);
  });
});

/** Every request carries a trace, so the duration histograms get exemplars to show. */
async function send(url: string, init: RequestInit = {}): Promise<void> {
  const traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
  const headers = { ...(init.headers as Record<string, string> | undefined), traceparent };
  const response = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
}

function postJson(url: string, body: unknown): Promise<void> {
  return send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/**
 * The catalog's inventory stand-in answers every twentieth call with a 503
 * and drops every fiftieth connection, so this many inventory calls show
 * both kinds of failure in the dashboard.
 */
const INVENTORY_CALLS = 60;

/**
 * Keeps both samples busy with a mix of successes, 404s and (in the catalog,
 * through its inventory) 502s and outgoing failures: for at least `minMs`
 * and until the catalog has made INVENTORY_CALLS calls, which on a busy
 * machine takes longer, but never past `maxMs` (the queries then fail and
 * say which panels lack data). Returns how many measured requests the
 * catalog got.
 */
async function driveLoad(
  orders: RunningSampleApp,
  catalog: RunningSampleApp,
  minMs: number,
  maxMs: number,
): Promise<number> {
  let catalogRequests = 0;
  let inventoryCalls = 0;
  const catalogCall =
    (call: () => Promise<void>, callsInventory = false) =>
    async () => {
      catalogRequests++;
      if (callsInventory) inventoryCalls++;
      await call();
    };
  const mix: Array<() => Promise<void>> = [
    catalogCall(() => send(`${catalog.url}/products/espresso`), true),
    catalogCall(() => send(`${catalog.url}/products/grinder`), true),
    catalogCall(() => send(`${catalog.url}/products/filter`), true),
    catalogCall(() => send(`${catalog.url}/products/unknown`)),
    catalogCall(() => postJson(`${catalog.url}/orders`, { productId: 'filter', quantity: 2 })),
    () => send(`${catalog.url}/health`),
    () => postJson(`${orders.url}/orders`, { channel: 'web', amountEuros: 14 }),
    () => send(`${orders.url}/orders/1`),
    () => send(`${orders.url}/orders/missing`),
  ];
  const started = Date.now();
  const busy = () => {
    const elapsed = Date.now() - started;
    return elapsed < maxMs && (elapsed < minMs || inventoryCalls < INVENTORY_CALLS);
  };
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let i = worker; busy(); i++) await mix[i % mix.length]();
    }),
  );
  return catalogRequests;
}

describeWithTool(prometheusServer, 'the Grafana dashboard against a real Prometheus', () => {
  let orders: RunningSampleApp | undefined;
  let catalog: RunningSampleApp | undefined;
  let prometheus: PrometheusServer | undefined;
  let values = new Map<string, string[]>();

  beforeAll(
    async () => {
      // One after the other: each compiles promkit from source, which is slow on a busy machine.
      orders = await startSampleApp(STARTUP_MS);
      catalog = await startCatalogSample({ workers: CATALOG_WORKERS, readyTimeoutMs: STARTUP_MS });
      prometheus = await startPrometheus([
        { name: 'orders-service', target: orders.target },
        { name: 'catalog', target: catalog.target },
      ]);
      const sent = await driveLoad(orders, catalog, LOAD_MS, MAX_LOAD_MS);
      const server = prometheus;
      await waitFor(
        async () => {
          const [scraped] = await server.query('sum(http_request_duration_seconds_count{job="catalog"})');
          return scraped?.value === sent ? true : undefined;
        },
        { what: `Prometheus to scrape all ${sent} catalog requests`, timeoutMs: 20_000 },
      );
      values = await resolveVariables(dashboard, (label, selector) => server.labelValues(label, selector));
    },
    2 * STARTUP_MS + MAX_LOAD_MS + 60_000,
  );

  afterAll(async () => {
    await prometheus?.stop();
    await Promise.all([orders?.stop(), catalog?.stop()]);
  });

  it('finds both services, their decorated methods and their histograms through its variables', () => {
    expect(values.get('job')).toEqual(['catalog', 'orders-service']);
    expect(values.get('instance')).toEqual([catalog?.target, orders?.target].sort());
    expect(values.get('timed')).toEqual(
      expect.arrayContaining([
        'inventory_client_stock_of_duration_seconds',
        'orders_service_create_duration_seconds',
        'payment_gateway_charge_seconds',
      ]),
    );
    expect(values.get('timed')).not.toContain('http_request_duration_seconds');
    expect(values.get('failures')).toEqual(
      expect.arrayContaining(['inventory_client_stock_of_exceptions_total', 'payment_gateway_errors_total']),
    );
    expect(values.get('failures')).not.toContain('http_client_request_errors_total');
    expect(values.get('counted')).toEqual(
      expect.arrayContaining(['inventory_client_stock_of_calls_total', 'orders_repository_save_calls_total']),
    );
  });

  it('runs every panel query through Prometheus and gets numbers back', async () => {
    const server = prometheus as PrometheusServer;
    const queries = panelQueries(dashboard, values);
    expect(queries.length).toBeGreaterThan(40);
    const problems: string[] = [];
    for (const { panel, refId, promql } of queries) {
      try {
        const result = await server.query(promql);
        if (!result.some((sample) => Number.isFinite(sample.value))) {
          problems.push(`${panel} [${refId}]: no finite value in ${JSON.stringify(result)}\n  ${promql}`);
        }
      } catch (error) {
        problems.push(`${panel} [${refId}]: ${(error as Error).message}\n  ${promql}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('counts every process behind a merged scrape in "Processes scraped per job"', async () => {
    const server = prometheus as PrometheusServer;
    const [query] = panelQueries(dashboard, values).filter((q) => q.panel === 'Processes scraped per job');
    const result = await server.query(query.promql);
    expect(Object.fromEntries(result.map((s) => [s.metric.job, s.value]))).toEqual({
      catalog: 1 + CATALOG_WORKERS,
      'orders-service': 1,
    });
  });

  it("runs every exemplar query as Grafana does, and finds the requests' traces", async () => {
    const server = prometheus as PrometheusServer;
    const now = Date.now() / 1000;
    const withTraces: string[] = [];
    for (const { panel, refId, promql, exemplar } of panelQueries(dashboard, values)) {
      if (!exemplar) continue;
      const series = await server.queryExemplars(promql, now - 600, now + 60);
      const exemplars = series.flatMap((s) => s.exemplars);
      if (exemplars.some((e) => /^[0-9a-f]{32}$/.test(e.labels.trace_id ?? '')))
        withTraces.push(`${panel} [${refId}]`);
    }
    expect(withTraces).toEqual(
      expect.arrayContaining([
        'Request duration: p50, p90, p99 [A]',
        'Request duration: p50, p90, p99 [B]',
        'Request duration: p50, p90, p99 [C]',
        'Request duration p99 by route [A]',
      ]),
    );
  });

  it('substitutes a multi-value variable as Grafana does', () => {
    expect(interpolate('up{job=~"$job"}[$__rate_interval]', values)).toBe(
      'up{job=~"(catalog|orders-service)"}[1m]',
    );
  });
});
