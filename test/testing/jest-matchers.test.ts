import 'promkit/testing/jest';
import { Counter, Histogram, Registry } from 'promkit';

function registry() {
  const r = new Registry();
  r.setDefaultLabels({ service: 'orders' });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests.',
    labelNames: ['method', 'code'],
    registers: [r],
  });
  requests.inc({ method: 'GET', code: 200 }, 3);
  requests.inc({ method: 'POST', code: 201 });
  new Histogram({ name: 'job_seconds', help: 'Jobs.', buckets: [1], registers: [r] }).observe(0.2);
  return r;
}

describe('promkit/testing/jest', () => {
  it('toHaveSample: one sample by name and some labels, with its value when given', async () => {
    await expect(registry()).toHaveSample('http_requests_total', { method: 'GET' }, 3);
    await expect(registry()).toHaveSample('http_requests_total', { code: 201, service: 'orders' });
    await expect(registry()).toHaveSample('job_seconds_bucket', { le: '1' }, 1);
    await expect(registry()).toHaveSample('job_seconds_sum', {}, expect.closeTo(0.2, 5));
    await expect(registry()).not.toHaveSample('http_requests_total', { method: 'DELETE' });
  });

  it('toHaveSample says what it found when it fails', async () => {
    await expect(
      expect(registry()).toHaveSample('http_requests_total', { method: 'GET' }, 4),
    ).rejects.toThrow('expected sample http_requests_total{"method":"GET"} = 4, but its value is 3');
    await expect(expect(registry()).toHaveSample('http_requests_total')).rejects.toThrow(
      [
        'expected one sample http_requests_total{}, found 2 (give more labels); samples:',
        // Default labels after the series' own, where prom-client writes them.
        '  http_requests_total{method="GET",code="200",service="orders"} 3',
        '  http_requests_total{method="POST",code="201",service="orders"} 1',
      ].join('\n'),
    );
  });

  it('toMatchMetrics compares with expected text, order and HELP aside when asked', async () => {
    await expect(registry()).toMatchMetrics(
      `
# TYPE http_requests_total counter
http_requests_total{code="201",method="POST",service="orders"} 1
http_requests_total{code="200",method="GET",service="orders"} 3
`,
      { names: ['http_requests_total'], ignoreHelp: true },
    );
    await expect(
      expect(registry()).toMatchMetrics('# TYPE job_seconds histogram\njob_seconds_count 2\n', {
        names: ['job_seconds'],
        ignoreHelp: true,
      }),
    ).rejects.toThrow(/- job_seconds_count 2\n(\+ .*\n)*\+ job_seconds_count\{service="orders"\} 1\n/);
  });

  it('toPassMetricsLint lists the problems it finds', async () => {
    await expect(registry()).toPassMetricsLint();
    const bad = new Counter({ name: 'latencyMs', help: 'x', registers: [] });
    await expect(expect(bad).toPassMetricsLint()).rejects.toThrow(
      [
        'expected no lint problems, found:',
        // Text 0.0.4 exposes the counter under the name it was given, as prom-client does.
        '  latencyMs is a counter, so its name should end in "_total"',
        '  latencyMs is written in camelCase; use snake_case',
      ].join('\n'),
    );
  });
});
