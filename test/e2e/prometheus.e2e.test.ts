import { describeWithTool } from '../support/external-tool';
import {
  type PrometheusServer,
  prometheusServer,
  type QuerySample,
  startPrometheus,
} from '../support/prometheus';
import { waitFor } from '../support/wait-for';
import {
  BUILD_INFO,
  CURRENT_LIFECYCLE_STATE,
  type FixtureApp,
  GAUGE_VALUES,
  LIFECYCLE_STATES,
  startFixtureApp,
  TRICKY_LABEL_VALUE,
} from './fixture-app';
import { byKey, seriesKey } from './series-key';
import { driveTraffic, FAST_P75_SECONDS, requestsFor, TRAFFIC } from './traffic';

// Prometheus 2.42 sends an Accept header preferring OpenMetrics, so the
// negotiated job reads OpenMetrics; the other job forces text 0.0.4.
const TEXT_JOB = 'promkit-text';
const OPENMETRICS_JOB = 'promkit-openmetrics';
const JOBS = [TEXT_JOB, OPENMETRICS_JOB];

describeWithTool(prometheusServer, 'a real Prometheus scraping promkit', () => {
  let app: FixtureApp | undefined;
  let prometheus: PrometheusServer | undefined;
  let trafficStartSeconds = 0;

  const prom = () => prometheus as PrometheusServer;
  const fixture = () => app as FixtureApp;

  /** One series per job, or a failure naming what was missing. */
  async function valueInJob(promql: string, job: string): Promise<number> {
    const result = await prom().query(promql.replace('JOB', job));
    if (result.length !== 1) {
      throw new Error(`${promql} in job ${job}: expected one series, got ${JSON.stringify(result)}`);
    }
    return result[0].value;
  }

  async function storedSeries(job: string): Promise<QuerySample[]> {
    return prom().query(`{job="${job}", __name__=~"e2e_.+"}`);
  }

  beforeAll(async () => {
    app = await startFixtureApp();
    prometheus = await startPrometheus([
      { name: TEXT_JOB, target: app.target, params: { format: ['text'] } },
      { name: OPENMETRICS_JOB, target: app.target },
    ]);
    trafficStartSeconds = Date.now() / 1000;
    await driveTraffic(app);
    // Wait until a scrape after the last request has landed in both jobs.
    const total = TRAFFIC.length;
    await waitFor(
      async () => {
        const counts = await prom().query('sum by (job) (e2e_requests_total)');
        return counts.length === 2 && counts.every((c) => c.value === total) ? counts : undefined;
      },
      { what: `both jobs to have scraped all ${total} requests`, timeoutMs: 15_000 },
    );
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await app?.stop();
  });

  it('negotiated OpenMetrics with Prometheus and served text where forced', () => {
    expect(fixture().servedFormats).toContain('openmetrics');
    expect(fixture().servedFormats).toContain('text');
  });

  it.each(JOBS)('stores exactly the samples the registry holds (%s)', async (job) => {
    // No `_created` samples in either format: OpenMetrics writes them only when asked to.
    const expected = await fixture().registry.getSamples();
    const stored = await storedSeries(job);
    expect(
      byKey(
        stored,
        (s) => seriesKey(s.metric.__name__, s.metric),
        (s) => s.value,
      ),
    ).toEqual(
      byKey(
        expected,
        (s) => seriesKey(s.name, s.labels),
        (s) => s.value,
      ),
    );
  });

  it('stores the same values in both jobs, series by series (apart from OpenMetrics _created)', async () => {
    const [text, openMetrics] = await Promise.all(JOBS.map(storedSeries));
    const key = (s: QuerySample) => seriesKey(s.metric.__name__, s.metric);
    const withoutCreated = openMetrics.filter((s) => !s.metric.__name__.endsWith('_created'));
    expect(text.length).toBeGreaterThan(0);
    expect(byKey(text, key, (s) => s.value)).toEqual(byKey(withoutCreated, key, (s) => s.value));
  });

  it.each(JOBS)('counts requests per route (%s)', async (job) => {
    for (const route of ['/fast', '/slow']) {
      await expect(valueInJob(`e2e_requests_total{job="JOB", route="${route}"}`, job)).resolves.toBe(
        requestsFor(route),
      );
    }
  });

  it.each(JOBS)('keeps gauge values bit for bit, escaped label values intact (%s)', async (job) => {
    const stored = await prom().query(`e2e_temperature_celsius{job="${job}"}`);
    const bySensor = Object.fromEntries(stored.map((s) => [s.metric.sensor, s.value]));
    expect(bySensor).toEqual(GAUGE_VALUES);
    expect(Object.keys(bySensor)).toContain(TRICKY_LABEL_VALUE);
  });

  it.each(JOBS)('interpolates histogram_quantile over the buckets (%s)', async (job) => {
    const p75 = await valueInJob(
      `histogram_quantile(0.75, e2e_request_duration_seconds_bucket{job="JOB", route="/fast"})`,
      job,
    );
    expect(p75).toBeCloseTo(FAST_P75_SECONDS, 12);
    // Bucket bounds are read as numbers whatever their spelling, so `le` matching works in both jobs.
    const [le1] = await prom().query(
      `e2e_request_duration_seconds_bucket{job="${job}", route="/fast", le=~"1|1.0"}`,
    );
    expect(le1.value).toBe(requestsFor('/fast'));
  });

  it.each(JOBS)('reads the summary quantiles the registry computed (%s)', async (job) => {
    const stored = await prom().query(`e2e_payload_bytes{job="${job}", route="/fast"}`);
    const expected = (await fixture().registry.getSamples({ names: ['e2e_payload_bytes'] })).filter(
      (s) => s.name === 'e2e_payload_bytes' && s.labels.route === '/fast',
    );
    const quantiles = (samples: { labels: Record<string, string>; value: number }[]) =>
      Object.fromEntries(samples.map((s) => [Number(s.labels.quantile), s.value]));
    expect(quantiles(stored.map((s) => ({ labels: s.metric, value: s.value })))).toEqual(quantiles(expected));
    // Five payloads of 100 and five of 300 bytes: the median is one of them, within the sketch's 1 %.
    expect(quantiles(expected)[0.5]).toBeGreaterThanOrEqual(99);
    expect(quantiles(expected)[0.99]).toBeCloseTo(300, -1);
  });

  it.each(JOBS)('exposes info and state set metrics (%s)', async (job) => {
    await expect(
      valueInJob(
        `e2e_build_info{job="JOB", version="${BUILD_INFO.version}", revision="${BUILD_INFO.revision}"}`,
        job,
      ),
    ).resolves.toBe(1);
    const [info] = await prom().query(`e2e_build_info{job="${job}"}`);
    expect(info.metric.branch).toBe(TRICKY_LABEL_VALUE);
    const states = await prom().query(`e2e_lifecycle{job="${job}"}`);
    expect(Object.fromEntries(states.map((s) => [s.metric.e2e_lifecycle, s.value]))).toEqual(
      Object.fromEntries(LIFECYCLE_STATES.map((state) => [state, state === CURRENT_LIFECYCLE_STATE ? 1 : 0])),
    );
  });

  it('stores the histogram exemplars from OpenMetrics, none from text', async () => {
    const end = Date.now() / 1000 + 1;
    const bucketSamples = (
      await fixture().registry.getSamples({ names: ['e2e_request_duration_seconds'] })
    ).filter((s) => s.exemplar !== undefined);
    expect(bucketSamples.length).toBeGreaterThan(0);
    const stored = await prom().queryExemplars(
      `e2e_request_duration_seconds_bucket{job="${OPENMETRICS_JOB}"}`,
      trafficStartSeconds - 1,
      end,
    );
    const storedByKey = new Map(
      stored.map((s) => [seriesKey('e2e_request_duration_seconds_bucket', s.seriesLabels), s]),
    );
    for (const sample of bucketSamples) {
      const series = storedByKey.get(seriesKey(sample.name, sample.labels));
      const exemplar = sample.exemplar as NonNullable<typeof sample.exemplar>;
      // Every exemplar scraped is kept; the registry's current one must be among them.
      expect(series?.exemplars).toContainEqual({
        labels: exemplar.labels,
        value: exemplar.value,
        timestamp: (exemplar.timestamp as number) / 1000,
      });
    }
    const fromText = await prom().queryExemplars(
      `e2e_request_duration_seconds_bucket{job="${TEXT_JOB}"}`,
      trafficStartSeconds - 1,
      end,
    );
    expect(fromText).toEqual([]);
  });

  it('stores counter exemplars from OpenMetrics', async () => {
    const stored = await prom().queryExemplars(
      `e2e_requests_total{job="${OPENMETRICS_JOB}", route="/slow"}`,
      trafficStartSeconds - 1,
      Date.now() / 1000 + 1,
    );
    const traceIds = stored.flatMap((s) => s.exemplars.map((e) => e.labels.trace_id));
    expect(traceIds).toContain('slow-outlier-0');
  });
});
