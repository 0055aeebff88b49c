import {
  Counter,
  captureTrace,
  Histogram,
  type HttpServerHandle,
  Registry,
  startHttpServer,
  withTrace,
} from 'promkit';
import { describeWithTool } from '../support/external-tool';
import { type PrometheusServer, prometheusServer, startPrometheus } from '../support/prometheus';
import { idsOf, startTracing, type Tracing } from '../support/tracing';
import { waitFor } from '../support/wait-for';

const HEADER_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const HEADER_PARENT_ID = 'b7ad6b7169203331';

describeWithTool(prometheusServer, "exemplars: 'trace' stored by a real Prometheus", () => {
  let tracing: Tracing;
  let server: HttpServerHandle | undefined;
  let prometheus: PrometheusServer | undefined;
  const registry = new Registry();
  const duration = new Histogram({
    name: 'traced_request_duration_seconds',
    help: 'Request duration.',
    labelNames: ['route'],
    buckets: [0.1, 1],
    exemplars: 'trace',
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'traced_jobs_total',
    help: 'Jobs run.',
    labelNames: ['queue'],
    exemplars: 'trace',
    registers: [registry],
  });

  beforeAll(async () => {
    tracing = startTracing();
    server = await startHttpServer({ host: '127.0.0.1', port: 0, registry });
    prometheus = await startPrometheus([{ name: 'traced', target: `127.0.0.1:${server.port}` }]);
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await server?.close();
    tracing?.stop();
  });

  it('returns the trace ids of real spans and of a traceparent header from /api/v1/query_exemplars', async () => {
    const start = Date.now() / 1000 - 1;
    const slow = tracing.inSpan(tracing.sampled, (span) => {
      duration.observe({ route: '/orders' }, 0.4);
      jobs.inc({ queue: 'mail' }, 2);
      return span;
    });
    tracing.inSpan(tracing.unsampled, () => duration.observe({ route: '/unsampled' }, 0.4));
    withTrace(captureTrace(`00-${HEADER_TRACE_ID}-${HEADER_PARENT_ID}-01`), () =>
      duration.observe({ route: '/from-header' }, 0.05),
    );
    const query = '{__name__=~"traced_.+", job="traced"}';
    const stored = await waitFor(
      async () => {
        const series = await prometheus!.queryExemplars(query, start, Date.now() / 1000 + 1);
        return series.length >= 3 ? series : undefined;
      },
      { what: 'Prometheus to store three series with exemplars', timeoutMs: 20_000, intervalMs: 500 },
    );
    const bySeries = Object.fromEntries(
      stored.map((s) => [
        `${s.seriesLabels.__name__}{${s.seriesLabels.route ?? s.seriesLabels.queue},${s.seriesLabels.le ?? ''}}`,
        s.exemplars.map((e) => ({ labels: e.labels, value: e.value })),
      ]),
    );
    // Prometheus 2.42 stores OpenMetrics bucket bounds as written: le="1.0".
    expect(bySeries).toEqual({
      'traced_request_duration_seconds_bucket{/orders,1.0}': [{ labels: idsOf(slow), value: 0.4 }],
      'traced_jobs_total{mail,}': [{ labels: idsOf(slow), value: 2 }],
      'traced_request_duration_seconds_bucket{/from-header,0.1}': [
        { labels: { trace_id: HEADER_TRACE_ID, span_id: HEADER_PARENT_ID }, value: 0.05 },
      ],
    });
  });
});
