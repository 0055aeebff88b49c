import { describeWithTool } from '../support/external-tool';
import { type PrometheusServer, prometheusServer, startPrometheus } from '../support/prometheus';
import { type RunningSampleApp, startSampleApp } from '../support/sample-app';
import { waitFor } from '../support/wait-for';

const JOB = 'orders-service';
const ORDERS = [
  ...Array.from({ length: 6 }, (_, i) => ({ channel: 'web', traceId: `web-trace-${i}` })),
  ...Array.from({ length: 3 }, (_, i) => ({ channel: 'app', traceId: `app-trace-${i}` })),
];
const MISSING_ORDER_LOOKUPS = 2;

async function post(url: string, body: unknown, headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  return response.status;
}

async function get(url: string): Promise<number> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  return response.status;
}

/** Places every order (three at a time, so the in-progress gauge has work), then looks up missing ones. */
async function driveSampleTraffic(app: RunningSampleApp): Promise<void> {
  for (let i = 0; i < ORDERS.length; i += 3) {
    const statuses = await Promise.all(
      ORDERS.slice(i, i + 3).map((o) =>
        post(`${app.url}/orders`, { channel: o.channel, amountEuros: 20 }, { 'x-trace-id': o.traceId }),
      ),
    );
    expect(statuses).toEqual(statuses.map(() => 201));
  }
  for (let i = 0; i < MISSING_ORDER_LOOKUPS; i++)
    expect(await get(`${app.url}/orders/missing-${i}`)).toBe(404);
  // Excluded from the HTTP metrics by the sample's configuration.
  expect(await get(`${app.url}/health`)).toBe(200);
}

describeWithTool(prometheusServer, 'the sample orders service scraped by a real Prometheus', () => {
  let app: RunningSampleApp | undefined;
  let prometheus: PrometheusServer | undefined;
  let trafficStartSeconds = 0;
  const prom = () => prometheus as PrometheusServer;

  async function value(promql: string): Promise<number> {
    const result = await prom().query(promql);
    if (result.length !== 1) throw new Error(`${promql}: expected one series, got ${JSON.stringify(result)}`);
    return result[0].value;
  }

  beforeAll(async () => {
    app = await startSampleApp();
    prometheus = await startPrometheus([{ name: JOB, target: app.target }]);
    trafficStartSeconds = Date.now() / 1000;
    await driveSampleTraffic(app);
    await waitFor(
      async () => {
        const [lookups] = await prom().query(
          `sum(http_request_duration_seconds_count{job="${JOB}", route="/orders/:id", status_code="404"})`,
        );
        return lookups?.value === MISSING_ORDER_LOOKUPS ? true : undefined;
      },
      { what: 'Prometheus to scrape the last request', timeoutMs: 15_000 },
    );
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await app?.stop();
  });

  it('records every request in the HTTP histogram, by route and status, without /health', async () => {
    await expect(
      value(
        `sum(http_request_duration_seconds_count{job="${JOB}", method="POST", route="/orders", status_code="201"})`,
      ),
    ).resolves.toBe(ORDERS.length);
    await expect(
      prom().query(`http_request_duration_seconds_count{job="${JOB}", route="/health"}`),
    ).resolves.toEqual([]);
    // Every charge sleeps at least 20 ms, so the median cannot fall in the buckets below that.
    const median = await value(
      `histogram_quantile(0.5, sum by (le) (http_request_duration_seconds_bucket{job="${JOB}", route="/orders", method="POST"}))`,
    );
    expect(median).toBeGreaterThan(0.01);
    expect(Number.isFinite(median)).toBe(true);
  });

  it('counts orders through the injected counter, by channel', async () => {
    const byChannel = await prom().query(`sum by (channel) (orders_created_total{job="${JOB}"})`);
    expect(Object.fromEntries(byChannel.map((s) => [s.metric.channel, s.value]))).toEqual({
      web: ORDERS.filter((o) => o.channel === 'web').length,
      app: ORDERS.filter((o) => o.channel === 'app').length,
    });
    await expect(value(`sum(order_amount_euros_count{job="${JOB}"})`)).resolves.toBe(ORDERS.length);
    await expect(
      value(`order_amount_euros{job="${JOB}", channel="web", quantile="0.5"}`),
    ).resolves.toBeCloseTo(20, 0);
  });

  it('exposes the decorated methods: timings, exceptions, in-progress and call counts', async () => {
    const succeeded = await value(
      `sum(payment_gateway_charge_seconds_count{job="${JOB}", exception="none"})`,
    );
    const failed = await value(`sum(payment_gateway_errors_total{job="${JOB}"})`);
    expect(succeeded + failed).toBe(ORDERS.length);
    await expect(value(`payment_gateway_charges_in_progress{job="${JOB}"}`)).resolves.toBe(0);
    await expect(value(`orders_repository_save_calls_total{job="${JOB}", result="success"}`)).resolves.toBe(
      ORDERS.length,
    );
  });

  it('exposes the build info and the service state', async () => {
    const [build] = await prom().query(`app_build_info{job="${JOB}"}`);
    expect(build).toMatchObject({ value: 1, metric: { service: 'orders', node: process.version } });
    await expect(value(`orders_service_state{job="${JOB}", orders_service_state="serving"}`)).resolves.toBe(
      1,
    );
  });

  it('exposes the default process and Node.js metrics', async () => {
    await expect(value(`process_cpu_user_seconds_total{job="${JOB}"}`)).resolves.toBeGreaterThan(0);
    await expect(value(`process_resident_memory_bytes{job="${JOB}"}`)).resolves.toBeGreaterThan(1e6);
    await expect(value(`nodejs_heap_size_used_bytes{job="${JOB}"}`)).resolves.toBeGreaterThan(0);
    await expect(value(`process_start_time_seconds{job="${JOB}"}`)).resolves.toBeLessThanOrEqual(
      trafficStartSeconds,
    );
  });

  it("carries the checkout exemplars with the callers' trace ids to Prometheus", async () => {
    const stored = await prom().queryExemplars(
      `orders_checkout_seconds_bucket{job="${JOB}"}`,
      trafficStartSeconds - 1,
      Date.now() / 1000 + 1,
    );
    const traceIds = new Set(stored.flatMap((s) => s.exemplars.map((e) => e.labels.trace_id)));
    expect(traceIds.size).toBeGreaterThan(0);
    for (const id of traceIds) expect(ORDERS.map((o) => o.traceId)).toContain(id);
  });
});
