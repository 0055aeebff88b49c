import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Histogram, metricsHandler, Registry, setNameValidationScheme } from 'promkit';
import { describeWithTool } from '../support/external-tool';
import { type PrometheusServer, prometheusServer, startPrometheus } from '../support/prometheus';
import { waitFor } from '../support/wait-for';

/**
 * Prometheus 2.42 knows only legacy names and names no escaping scheme, so
 * UTF-8 names must reach it escaped with underscores, in OpenMetrics (what it
 * asks for by default) and in protobuf (what it asks for with native histograms).
 */
describeWithTool(prometheusServer, 'a real Prometheus 2.42 scraping UTF-8 names', () => {
  let server: Server | undefined;
  let prometheus: PrometheusServer | undefined;

  beforeAll(async () => {
    setNameValidationScheme('utf-8');
    const registry = new Registry();
    new Counter({
      name: 'http.server.requests',
      help: 'Requests.',
      labelNames: ['http.method'],
      registers: [registry],
    }).inc({ 'http.method': 'GET' }, 4);
    new Histogram({
      name: 'db.query.duration',
      help: 'D.',
      native: true,
      buckets: [1],
      registers: [registry],
    }).observe(0.25);
    server = createServer(metricsHandler(registry));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    prometheus = await startPrometheus([{ name: 'utf8', target }], { features: ['native-histograms'] });
    await waitFor(
      async () => ((await prometheus?.query('http_server_requests_total'))?.length ? true : undefined),
      { what: 'the escaped counter to be stored', timeoutMs: 15_000 },
    );
  }, 60_000);

  afterAll(async () => {
    setNameValidationScheme('legacy');
    await prometheus?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('stores the escaped names, values intact', async () => {
    const [counter] = await (prometheus as PrometheusServer).query('http_server_requests_total');
    expect(counter.metric).toEqual({
      __name__: 'http_server_requests_total',
      http_method: 'GET',
      instance: expect.any(String),
      job: 'utf8',
    });
    expect(counter.value).toBe(4);
    const [count] = await (prometheus as PrometheusServer).query('histogram_count(db_query_duration)');
    expect(count.value).toBe(1);
  });
});
