import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  HttpMetrics,
  type HttpMetricsOptions,
  metricsHandler,
  Registry,
  setNameValidationScheme,
  setRoute,
  withHttpMetrics,
} from 'promkit';
import { describeWithTool } from '../support/external-tool';
import { type PrometheusServer, prometheusServer, startPrometheus } from '../support/prometheus';
import { waitFor } from '../support/wait-for';

/**
 * What Prometheus' OTLP receiver stores for OpenTelemetry's
 * `http.server.request.duration` (a histogram, unit `s`) under its default
 * `otlp.translation_strategy`, UnderscoreEscapingWithSuffixes: dots become
 * underscores and the unit's word is appended, as the translation library
 * Prometheus uses (prometheus/otlptranslator) documents for this very metric.
 * Attributes become labels the same way (`http.request.method` →
 * `http_request_method`), and an attribute the request did not have
 * (`error.type` of a success) is no label. A scrape of promkit's metrics under
 * the OpenTelemetry conventions must land on the same series, whichever
 * suffixes strategy promkit names them with: Prometheus 2.42 reads no UTF-8
 * names, so the dotted ones reach it escaped with underscores.
 */
const OTLP_RECEIVER_NAME = 'http_server_request_duration_seconds';
const OTLP_RECEIVER_ACTIVE_NAME = 'http_server_active_requests';

interface App {
  readonly target: string;
  close(): Promise<void>;
}

async function startApp(options: HttpMetricsOptions): Promise<App> {
  const registry = new Registry();
  const metrics = new HttpMetrics({ registry, conventions: 'opentelemetry', ...options });
  const scrape = metricsHandler(registry);
  const server: Server = createServer(
    withHttpMetrics((req, res) => {
      if (req.url === '/metrics') return scrape(req, res);
      setRoute(req, '/orders/:id');
      res.statusCode = req.url === '/orders/broken' ? 503 : 200;
      res.end('ok');
    }, metrics),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const path of ['/orders/1', '/orders/2', '/orders/broken']) {
    await (await fetch(`http://${target}${path}`, { signal: AbortSignal.timeout(5000) })).text();
  }
  return {
    target,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describeWithTool(
  prometheusServer,
  "a real Prometheus 2.42 scraping HTTP metrics under OpenTelemetry's conventions",
  () => {
    const apps: App[] = [];
    let prometheus: PrometheusServer | undefined;

    beforeAll(async () => {
      setNameValidationScheme('utf-8');
      apps.push(await startApp({}));
      apps.push(await startApp({ translationStrategy: 'NoUTF8EscapingWithSuffixes' }));
      prometheus = await startPrometheus([
        { name: 'underscores', target: apps[0].target },
        { name: 'dotted', target: apps[1].target },
      ]);
      await waitFor(
        async () =>
          (await prometheus?.query(`${OTLP_RECEIVER_NAME}_count`))?.length === 4 ? true : undefined,
        { what: 'both jobs to store the duration histogram', timeoutMs: 15_000 },
      );
    }, 60_000);

    afterAll(async () => {
      setNameValidationScheme('legacy');
      await prometheus?.stop();
      await Promise.all(apps.map((app) => app.close()));
    });

    it.each(['underscores', 'dotted'])(
      'stores the series the OTLP receiver would store for http.server.request.duration (job %s)',
      async (job) => {
        const stored = await (prometheus as PrometheusServer).query(
          `${OTLP_RECEIVER_NAME}_count{job="${job}"}`,
        );
        const series = stored
          .map(({ metric, value }) => ({
            metric: { ...metric, instance: undefined } as Record<string, string | undefined>,
            value,
          }))
          .sort((a, b) =>
            String(a.metric.http_response_status_code).localeCompare(
              String(b.metric.http_response_status_code),
            ),
          );
        const labels = {
          __name__: `${OTLP_RECEIVER_NAME}_count`,
          http_request_method: 'GET',
          http_route: '/orders/:id',
          url_scheme: 'http',
          network_protocol_version: '1.1',
          instance: undefined,
          job,
        };
        expect(series).toEqual([
          { metric: { ...labels, http_response_status_code: '200' }, value: 2 },
          { metric: { ...labels, http_response_status_code: '503', error_type: '503' }, value: 1 },
        ]);
        const buckets = await (prometheus as PrometheusServer).labelValues(
          'le',
          `${OTLP_RECEIVER_NAME}_bucket{job="${job}"}`,
        );
        expect(
          buckets.map((le) => (le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le))).sort((a, b) => a - b),
        ).toEqual([
          0.005,
          0.01,
          0.025,
          0.05,
          0.075,
          0.1,
          0.25,
          0.5,
          0.75,
          1,
          2.5,
          5,
          7.5,
          10,
          Number.POSITIVE_INFINITY,
        ]);
        const [active] = await (prometheus as PrometheusServer).query(
          `${OTLP_RECEIVER_ACTIVE_NAME}{job="${job}"}`,
        );
        expect(active.metric).toMatchObject({ http_request_method: 'GET', url_scheme: 'http' });
      },
    );
  },
);
