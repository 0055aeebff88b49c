import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Histogram, Registry } from 'promkit';
import type { NativeHistogram } from 'promkit/exposition';
import { scrapeResponse } from '../../lib/export';
import { describeWithTool } from '../support/external-tool';
import { type PrometheusServer, prometheusServer, startPrometheus } from '../support/prometheus';
import { waitFor } from '../support/wait-for';

/**
 * A real Prometheus 2.42 with `--enable-feature=native-histograms` scrapes one
 * promkit endpoint twice: as it asks (it prefers protobuf, and then stores the
 * native histograms), and with its Accept header replaced by text 0.0.4 (where
 * the same histograms' classic buckets are all there is).
 */

const NATIVE_JOB = 'native-protobuf';
const CLASSIC_JOB = 'classic-text';
const CLASSIC_BUCKETS = [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5];

/** Deterministic pseudo-random numbers, so a failure can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Latencies from about 1 ms to 3 s, most around 40 ms (log-normal-ish). */
function latencies(n: number): number[] {
  const next = random(7);
  return Array.from({ length: n }, () => {
    const gaussian = next() + next() + next() + next() - 2; // roughly normal, sd ~0.58
    return Math.min(3, Math.max(0.001, 0.04 * Math.exp(2.2 * gaussian)));
  });
}

/** Sizes spread over 1 B .. 1 MB, enough to push a schema-8 histogram over its bucket limit. */
function sizes(n: number): number[] {
  const next = random(11);
  return Array.from({ length: n }, () => Math.round(2 ** (next() * 20)));
}

/** The exact q-quantile of the observations as Prometheus ranks them: the ceil(q * n)-th smallest. */
function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

/** At schema s neighbouring bucket bounds differ by the factor 2^(2^-s): the largest relative error of an estimate inside the right bucket. */
function relativeError(schema: number): number {
  return 2 ** (2 ** -schema) - 1;
}

interface Target {
  readonly target: string;
  readonly contentTypes: string[];
  close(): Promise<void>;
}

/** `/metrics` answers as asked; `/metrics-text` answers as if text 0.0.4 had been asked for. */
async function startTarget(registry: Registry): Promise<Target> {
  const contentTypes: string[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const textOnly = req.url?.startsWith('/metrics-text');
    const response = await scrapeResponse(registry, {
      accept: textOnly ? 'text/plain;version=0.0.4' : req.headers.accept,
      acceptEncoding: req.headers['accept-encoding'],
      url: req.url,
      method: req.method,
    });
    contentTypes.push(response.headers['Content-Type']);
    res.writeHead(response.status, response.headers);
    res.end(response.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    contentTypes,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describeWithTool(prometheusServer, 'a real Prometheus storing promkit native histograms', () => {
  const latencyValues = latencies(2000);
  const sizeValues = sizes(3000);
  const deltaValues = latencies(500).map((v, i) => (i % 3 === 0 ? -v : v));
  let target: Target | undefined;
  let prometheus: PrometheusServer | undefined;
  let sizeSchema = 0;

  const prom = () => prometheus as PrometheusServer;

  async function one(promql: string): Promise<number> {
    const result = await prom().query(promql);
    if (result.length !== 1) throw new Error(`${promql}: expected one series, got ${JSON.stringify(result)}`);
    return result[0].value;
  }

  beforeAll(async () => {
    const registry = new Registry();
    const latency = new Histogram({
      name: 'e2e_native_latency_seconds',
      help: 'Request latency, native and classic.',
      labelNames: ['route'],
      buckets: CLASSIC_BUCKETS,
      native: { schema: 3 },
      registers: [registry],
    });
    const size = new Histogram({
      name: 'e2e_native_size_bytes',
      help: 'Payload sizes, native only, over its bucket limit.',
      native: { schema: 8, maxBuckets: 40 },
      registers: [registry],
    });
    const delta = new Histogram({
      name: 'e2e_native_skew_seconds',
      help: 'Clock skew, both signs.',
      native: { schema: 4 },
      registers: [registry],
    });
    const orders = latency.labels({ route: '/orders' });
    for (const v of latencyValues) orders.observe(v);
    for (const v of sizeValues) size.observe(v);
    for (const v of deltaValues) delta.observe(v);
    sizeSchema = (size.labels().native as NativeHistogram).schema;

    target = await startTarget(registry);
    prometheus = await startPrometheus(
      [
        { name: NATIVE_JOB, target: target.target },
        { name: CLASSIC_JOB, target: target.target, metricsPath: '/metrics-text' },
      ],
      { features: ['native-histograms'] },
    );
    await waitFor(
      async () => {
        const stored = await prom().query(`histogram_count(e2e_native_latency_seconds{job="${NATIVE_JOB}"})`);
        const classic = await prom().query(`e2e_native_latency_seconds_count{job="${CLASSIC_JOB}"}`);
        return stored[0]?.value === latencyValues.length && classic[0]?.value === latencyValues.length
          ? true
          : undefined;
      },
      { what: 'both jobs to store the latency histogram', timeoutMs: 20_000 },
    );
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await target?.close();
  });

  it('was scraped over protobuf where Prometheus asked, and text where it was overridden', () => {
    const types = target?.contentTypes ?? [];
    expect(types).toContain(
      'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
    );
    expect(types).toContain('text/plain; version=0.0.4; charset=utf-8');
  });

  it('stores the native histogram: histogram_count and histogram_sum are exact', async () => {
    const selector = `e2e_native_latency_seconds{job="${NATIVE_JOB}", route="/orders"}`;
    await expect(one(`histogram_count(${selector})`)).resolves.toBe(latencyValues.length);
    const sum = latencyValues.reduce((a, b) => a + b, 0);
    expect(await one(`histogram_sum(${selector})`)).toBeCloseTo(sum, 9);
  });

  it.each([0.5, 0.99])(
    'answers histogram_quantile(%p) within the schema’s relative error of the exact quantile',
    async (q) => {
      const estimate = await one(
        `histogram_quantile(${q}, e2e_native_latency_seconds{job="${NATIVE_JOB}", route="/orders"})`,
      );
      const exact = exactQuantile(latencyValues, q);
      expect(Math.abs(estimate / exact - 1)).toBeLessThanOrEqual(relativeError(3) * (1 + 1e-12));
    },
  );

  it('stores a histogram whose resolution was lowered to stay within its bucket limit', async () => {
    expect(sizeSchema).toBeLessThan(8);
    const selector = `e2e_native_size_bytes{job="${NATIVE_JOB}"}`;
    await expect(one(`histogram_count(${selector})`)).resolves.toBe(sizeValues.length);
    for (const q of [0.5, 0.99]) {
      const estimate = await one(`histogram_quantile(${q}, ${selector})`);
      const exact = exactQuantile(sizeValues, q);
      expect(Math.abs(estimate / exact - 1)).toBeLessThanOrEqual(relativeError(sizeSchema) * (1 + 1e-12));
    }
  });

  it('stores negative buckets: quantiles on both sides of zero', async () => {
    const selector = `e2e_native_skew_seconds{job="${NATIVE_JOB}"}`;
    await expect(one(`histogram_count(${selector})`)).resolves.toBe(deltaValues.length);
    expect(await one(`histogram_sum(${selector})`)).toBeCloseTo(
      deltaValues.reduce((a, b) => a + b, 0),
      9,
    );
    for (const q of [0.1, 0.9]) {
      const estimate = await one(`histogram_quantile(${q}, ${selector})`);
      const exact = exactQuantile(deltaValues, q);
      expect(Math.sign(estimate)).toBe(Math.sign(exact));
      expect(Math.abs(estimate / exact - 1)).toBeLessThanOrEqual(relativeError(4) * (1 + 1e-12));
    }
  });

  it('keeps the classic series of the same histogram working in the text format', async () => {
    const stored = await prom().query(
      `e2e_native_latency_seconds_bucket{job="${CLASSIC_JOB}", route="/orders"}`,
    );
    const byBound = Object.fromEntries(
      stored.map((s) => [s.metric.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.metric.le), s.value]),
    );
    const expected = Object.fromEntries(
      [...CLASSIC_BUCKETS, Number.POSITIVE_INFINITY].map((le) => [
        le,
        latencyValues.filter((v) => v <= le).length,
      ]),
    );
    expect(byBound).toEqual(expected);
    const p50 = await one(
      `histogram_quantile(0.5, e2e_native_latency_seconds_bucket{job="${CLASSIC_JOB}", route="/orders"})`,
    );
    // Classic buckets only bound the median by the bucket that holds it.
    const exact = exactQuantile(latencyValues, 0.5);
    const upper = CLASSIC_BUCKETS.find((b) => b >= exact) as number;
    const lower = CLASSIC_BUCKETS[CLASSIC_BUCKETS.indexOf(upper) - 1] ?? 0;
    expect(p50).toBeGreaterThanOrEqual(lower);
    expect(p50).toBeLessThanOrEqual(upper);
  });
});
