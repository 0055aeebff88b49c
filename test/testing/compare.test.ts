import { Counter, Gauge, Histogram, Registry, Summary } from 'promkit';
import {
  collectAndCompare,
  diffMetrics,
  ExpositionParseError,
  MetricsMismatchError,
  parseExposition,
} from 'promkit/testing';
import { describeWithTool } from '../support/external-tool';
import { parsePrometheusTextWithPython, pythonPrometheusClient } from '../support/python-parser';

function ordersRegistry() {
  const registry = new Registry();
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests.',
    labelNames: ['method', 'code'],
    registers: [registry],
  });
  requests.inc({ method: 'GET', code: 200 }, 2);
  requests.inc({ method: 'POST', code: 201 });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Latency.',
    buckets: [0.1, 1],
    registers: [registry],
  });
  latency.observe(0.5);
  new Gauge({ name: 'queue_depth', help: 'Jobs waiting.', registers: [registry] }).set(4);
  return registry;
}

describe('collectAndCompare', () => {
  it('accepts the same metrics in any order, with labels and numbers spelt differently', async () => {
    await collectAndCompare(
      ordersRegistry(),
      `
# HELP queue_depth Jobs waiting.
# TYPE queue_depth gauge
queue_depth 4.0
# HELP http_requests_total HTTP requests.
# TYPE http_requests_total counter
http_requests_total{code="201",method="POST"} 1
http_requests_total{method="GET",code="200"} 2e0
# HELP http_request_duration_seconds Latency.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_sum 0.5
http_request_duration_seconds_count 1
http_request_duration_seconds_bucket{le="+Inf"} 1
http_request_duration_seconds_bucket{le="1.0"} 1
http_request_duration_seconds_bucket{le="0.1"} 0
`,
    );
  });

  it('compares only the families named, by family or sample name', async () => {
    const expected = `
# HELP queue_depth Jobs waiting.
# TYPE queue_depth gauge
queue_depth 4
# HELP http_request_duration_seconds Latency.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.1"} 0
http_request_duration_seconds_bucket{le="1"} 1
http_request_duration_seconds_bucket{le="+Inf"} 1
http_request_duration_seconds_sum 0.5
http_request_duration_seconds_count 1
`;
    await collectAndCompare(ordersRegistry(), expected, {
      names: ['queue_depth', 'http_request_duration_seconds_count'],
    });
    await expect(collectAndCompare(ordersRegistry(), expected)).rejects.toThrow(MetricsMismatchError);
  });

  it('shows what differs as a line diff: - expected, + actual', async () => {
    const registry = ordersRegistry();
    const error = await collectAndCompare(
      registry,
      `
# HELP http_requests_total All HTTP requests.
# TYPE http_requests_total counter
http_requests_total{method="GET",code="200"} 3
http_requests_total{method="POST",code="201"} 1
`,
      { names: ['http_requests_total'] },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetricsMismatchError);
    expect((error as Error).message).toBe(
      [
        'metrics differ (- expected, + actual):',
        '- # HELP http_requests_total All HTTP requests.',
        '+ # HELP http_requests_total HTTP requests.',
        '  # TYPE http_requests_total counter',
        '- http_requests_total{code="200",method="GET"} 3',
        '+ http_requests_total{code="200",method="GET"} 2',
        '  http_requests_total{code="201",method="POST"} 1',
      ].join('\n'),
    );
  });

  it('ignores HELP texts when asked', async () => {
    const expected = `
# HELP queue_depth Whatever the help says.
# TYPE queue_depth gauge
queue_depth 4
`;
    const options = { names: ['queue_depth'] };
    await expect(collectAndCompare(ordersRegistry(), expected, options)).rejects.toThrow(/Whatever/);
    await collectAndCompare(ordersRegistry(), expected, { ...options, ignoreHelp: true });
  });

  it('reads text already scraped, and says where expected text is malformed', async () => {
    const scraped = await ordersRegistry().metrics();
    await collectAndCompare(scraped, await ordersRegistry().metrics());
    await expect(collectAndCompare(scraped, '# TYPE a gauge\na{b="c} 1\n')).rejects.toThrow(
      new ExpositionParseError('line 2: unterminated value of label b: a{b="c} 1'),
    );
    await expect(collectAndCompare(scraped, 'a one\n')).rejects.toThrow(
      new ExpositionParseError('line 1: bad value "one": a one'),
    );
  });

  it('elides long unchanged runs in the diff', () => {
    const gauges = (changed: number) =>
      Array.from(
        { length: 20 },
        (_, i) => `g{i="${String(i).padStart(2, '0')}"} ${i === 10 ? changed : i}`,
      ).join('\n');
    expect(diffMetrics(gauges(99), gauges(10))?.split('\n')).toEqual([
      'metrics differ (- expected, + actual):',
      '  ...',
      '  g{i="08"} 8',
      '  g{i="09"} 9',
      '- g{i="10"} 10',
      '+ g{i="10"} 99',
      '  g{i="11"} 11',
      '  g{i="12"} 12',
      '  ...',
    ]);
  });
});

describeWithTool(pythonPrometheusClient, 'parseExposition', () => {
  it("reads promkit's text output as Python's prometheus_client parser does", async () => {
    const registry = new Registry();
    const tricky = 'say "hi" \\ path\\to\nnext line ✓ 日本語';
    const odd = new Gauge({
      name: 'odd_values',
      help: 'Help with \\ and\nnewline',
      labelNames: ['v'],
      registers: [registry],
    });
    odd.set({ v: tricky }, Number.NaN);
    odd.set({ v: 'inf' }, Number.POSITIVE_INFINITY);
    odd.set({ v: 'small' }, 5e-324);
    new Summary({
      name: 'sizes_bytes',
      help: 'Sizes.',
      labelNames: ['route'],
      registers: [registry],
    }).observe({ route: '/x' }, 10);
    const text = await registry.metrics();
    const ours = parseExposition(text);
    const theirs = await parsePrometheusTextWithPython(text);
    const samples = (families: { samples: readonly { name: string; labels: object; value: number }[] }[]) =>
      families
        .flatMap((f) => f.samples.map((s) => ({ name: s.name, labels: s.labels, value: s.value })))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(samples(ours)).toEqual(samples(theirs));
    expect(ours.map((f) => f.help)).toEqual(theirs.map((f) => f.help));
  });
});
