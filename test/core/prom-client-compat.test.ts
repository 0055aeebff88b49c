import * as promClient from 'prom-client';
import * as promkit from 'promkit';

type Lib = typeof promkit;
/** prom-client run through the same code; the code is type-checked against promkit. */
const promClientLib = promClient as unknown as Lib;

/**
 * Code written against prom-client's API, run unchanged against both libraries:
 * this file compiling is the source-compatibility check, the output comparison
 * is the behavioural one.
 */
async function instrument(lib: Lib): Promise<string> {
  const registry = new lib.Registry();
  const requests = new lib.Counter({
    name: 'http_requests_total',
    help: 'Requests',
    labelNames: ['method', 'code'] as const,
    registers: [registry],
  });
  requests.inc({ method: 'GET', code: 200 });
  requests.inc({ method: 'GET', code: 200 }, 2);
  requests.labels('POST', '500').inc();
  requests.labels({ method: 'PUT', code: '201' }).inc(4);

  const gauge = new lib.Gauge({
    name: 'queue_size',
    help: 'Queue',
    labelNames: ['q'],
    registers: [registry],
  });
  gauge.set({ q: 'a' }, 10);
  gauge.inc({ q: 'a' });
  gauge.dec({ q: 'a' }, 3);
  gauge.labels('b').set(0.25);

  const histogram = new lib.Histogram({
    name: 'latency_seconds',
    help: 'Latency',
    labelNames: ['route'],
    buckets: lib.linearBuckets(0.1, 0.2, 4),
    registers: [registry],
  });
  for (const v of [0.05, 0.1, 0.3, 0.55, 2]) histogram.observe({ route: '/x' }, v);
  histogram.labels('/y').observe(0.2);

  const plain = new lib.Counter({ name: 'events_total', help: 'Events', registers: [registry] });
  plain.inc();
  registry.setDefaultLabels({ app: 'shop' });
  return registry.metrics();
}

/** Label order inside braces and blank lines carry no meaning in the text format. */
function normalise(exposition: string): string[] {
  return exposition
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/\{(.*)\}/, (_, inner: string) => `{${inner.split(',').sort().join(',')}}`));
}

describe('prom-client compatibility', () => {
  it('produces the same text exposition as prom-client for the same program', async () => {
    const ours = normalise(await instrument(promkit));
    expect(ours).toEqual(normalise(await instrument(promClientLib)));
    expect(ours).toContain('latency_seconds_bucket{app="shop",le="0.30000000000000004",route="/x"} 3');
  });

  it('returns the same get() and getMetricsAsJSON() data for counters and gauges', async () => {
    for (const lib of [promkit, promClientLib]) {
      const registry = new lib.Registry();
      const c = new lib.Counter({ name: 'c_total', help: 'C', labelNames: ['a'], registers: [registry] });
      c.inc({ a: 'x' }, 2);
      expect(await c.get()).toEqual({
        name: 'c_total',
        help: 'C',
        type: 'counter',
        aggregator: 'sum',
        values: [{ value: 2, labels: { a: 'x' } }],
      });
    }
  });

  it('exports prom-client’s helpers and constants with the same values', () => {
    expect(promkit.contentType).toBe(promClient.contentType);
    expect(promkit.prometheusContentType).toBe(promClient.prometheusContentType);
    expect(promkit.openMetricsContentType).toBe(promClient.openMetricsContentType);
    expect(promkit.exponentialBuckets(1, 2, 5)).toEqual(promClient.exponentialBuckets(1, 2, 5));
    expect(promkit.linearBuckets(0, 0.5, 5)).toEqual(promClient.linearBuckets(0, 0.5, 5));
    expect(promkit.validateMetricName('x:y')).toBe(promClient.validateMetricName('x:y'));
  });

  it('types label names precisely', () => {
    const registry = new promkit.Registry();
    const c = new promkit.Counter<'method' | 'route'>({
      name: 'typed_total',
      help: 'T',
      labelNames: ['method', 'route'],
      registers: [registry],
    });
    c.inc({ method: 'GET', route: '/' });
    // @ts-expect-error: 'path' is not a declared label
    expect(() => c.inc({ method: 'GET', path: '/' })).toThrow(/unknown label "path"/);
    // As in prom-client, a label may be left out.
    expect(c.labels({ method: 'GET' }).labelNames).toEqual(['method']);
    const inferred = new promkit.Gauge({
      name: 'inferred',
      help: 'I',
      labelNames: ['queue'] as const,
      registers: [registry],
    });
    // @ts-expect-error: label names are inferred from labelNames
    expect(() => inferred.set({ topic: 'a' }, 1)).toThrow(/unknown label "topic"/);
  });
});
