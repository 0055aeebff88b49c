import { AggregatorRegistry, aggregators, Counter, Histogram, Registry, Summary } from 'promkit';
import type { MetricJson } from 'promkit/multiprocess';

// What getMetricsAsJSON() returns in two processes, as in prom-client's own tests.
const first: MetricJson[] = [
  {
    name: 'test_histogram',
    help: 'Example of a histogram',
    type: 'histogram',
    values: [
      { labels: { le: 0.1, code: '300' }, value: 0, metricName: 'test_histogram_bucket' },
      { labels: { le: 10, code: '300' }, value: 1.6486727018068046, metricName: 'test_histogram_bucket' },
    ],
    aggregator: 'sum',
  },
  {
    help: 'Example of a gauge',
    name: 'test_gauge',
    type: 'gauge',
    values: [
      { value: 0.47, labels: { method: 'get', code: 200 } },
      { value: 0.64, labels: {} },
      { value: 23, labels: { method: 'post', code: '300' } },
    ],
    aggregator: 'sum',
  },
  {
    help: 'Start time of the process since unix epoch in seconds.',
    name: 'process_start_time_seconds',
    type: 'gauge',
    values: [{ value: 1502075832, labels: {} }],
    aggregator: 'omit',
  },
  {
    help: 'Lag of event loop in seconds.',
    name: 'nodejs_eventloop_lag_seconds',
    type: 'gauge',
    values: [{ value: 0.009, labels: {} }],
    aggregator: 'average',
  },
];
const second: MetricJson[] = [
  {
    name: 'test_histogram',
    help: 'Example of a histogram',
    type: 'histogram',
    values: [
      { labels: { le: 0.1, code: '300' }, value: 0.235151, metricName: 'test_histogram_bucket' },
      { labels: { le: 10, code: '300' }, value: 1.192591, metricName: 'test_histogram_bucket' },
    ],
    aggregator: 'sum',
  },
  {
    help: 'Example of a gauge',
    name: 'test_gauge',
    type: 'gauge',
    values: [
      { value: 0.02, labels: { method: 'get', code: 200 } },
      { value: 0.24, labels: {} },
      { value: 51, labels: { method: 'post', code: '300' } },
    ],
    aggregator: 'sum',
  },
  {
    help: 'Start time of the process since unix epoch in seconds.',
    name: 'process_start_time_seconds',
    type: 'gauge',
    values: [{ value: 1502075849, labels: {} }],
    aggregator: 'omit',
  },
  {
    help: 'Lag of event loop in seconds.',
    name: 'nodejs_eventloop_lag_seconds',
    type: 'gauge',
    values: [{ value: 0.008, labels: {} }],
    aggregator: 'average',
  },
];

describe('AggregatorRegistry.aggregate (prom-client’s JSON API)', () => {
  const aggregated = AggregatorRegistry.aggregate([first, second]);

  it('adds histogram buckets by default, keeping their labels as given', async () => {
    expect(await aggregated.getSingleMetric('test_histogram')?.get()).toEqual({
      name: 'test_histogram',
      help: 'Example of a histogram',
      type: 'histogram',
      values: [
        { labels: { le: 0.1, code: '300' }, value: 0.235151, metricName: 'test_histogram_bucket' },
        { labels: { le: 10, code: '300' }, value: 2.8412637018068043, metricName: 'test_histogram_bucket' },
      ],
      aggregator: 'sum',
    });
  });

  it('adds gauges by default', async () => {
    const gauge = await aggregated.getSingleMetric('test_gauge')?.get();
    expect(gauge?.values.map((v) => v.value)).toEqual([0.49, 0.88, 74]);
  });

  it('follows each metric’s aggregator', async () => {
    expect(aggregated.getSingleMetric('process_start_time_seconds')).toBeUndefined();
    expect((await aggregated.getSingleMetric('nodejs_eventloop_lag_seconds')?.get())?.values).toEqual([
      { value: 0.0085, labels: {} },
    ]);
  });

  it('writes the combined metrics in the content type asked for', async () => {
    const text = await aggregated.metrics();
    expect(text).toContain('test_gauge{method="post",code="300"} 74');
    expect(text).toContain('test_histogram_bucket{le="10",code="300"} 2.8412637018068043');
    const om = AggregatorRegistry.aggregate([first, second], Registry.OPENMETRICS_CONTENT_TYPE);
    expect(om.contentType).toBe(Registry.OPENMETRICS_CONTENT_TYPE);
  });

  it('refuses an aggregator it does not know, naming it', () => {
    expect(() => AggregatorRegistry.aggregate([[{ ...first[1], aggregator: 'median' as never }]])).toThrow(
      "'median' is not a defined aggregator.",
    );
  });

  it('combines promkit metrics’ own JSON; summary quantiles are left out rather than added up', async () => {
    const processes = [new Registry(), new Registry()];
    processes.forEach((registry, i) => {
      new Counter({ name: 'jobs_total', help: 'Jobs', registers: [registry] }).inc(i + 1);
      new Histogram({ name: 'lat', help: 'Lat', buckets: [1], registers: [registry] }).observe(i);
      new Summary({ name: 'size', help: 'Size', percentiles: [0.5], registers: [registry] }).observe(
        10 * (i + 1),
      );
    });
    const combined = AggregatorRegistry.aggregate(
      await Promise.all(processes.map((r) => r.getMetricsAsJSON())),
    );
    expect(await combined.getSampleValue('jobs_total')).toBe(3);
    expect(await combined.getSampleValue('lat_bucket', { le: '1' })).toBe(2);
    expect(await combined.getSampleValue('size_count')).toBe(2);
    expect(await combined.getSampleValue('size', { quantile: '0.5' })).toBeUndefined();
  });
});

describe('aggregators', () => {
  const metrics: MetricJson[] = [
    {
      help: 'h',
      name: 'm',
      type: 'gauge',
      aggregator: 'sum',
      values: [
        { labels: {}, value: 1 },
        { labels: { a: 'x' }, value: 2 },
      ],
    },
    {
      help: 'h',
      name: 'm',
      type: 'gauge',
      aggregator: 'sum',
      values: [
        { labels: {}, value: 3 },
        { labels: { a: 'x' }, value: 4 },
      ],
    },
  ];
  it.each([
    ['sum', [4, 6]],
    ['first', [1, 2]],
    ['min', [1, 2]],
    ['max', [3, 4]],
    ['average', [2, 3]],
  ] as const)('%s', (name, expected) => {
    expect(aggregators[name](metrics)?.values.map((v) => v.value)).toEqual(expected);
  });

  it('omit leaves the metric out', () => {
    expect(aggregators.omit(metrics)).toBeUndefined();
  });

  it('keeps samples of different names apart', () => {
    const named: MetricJson[] = [
      { ...metrics[0], values: [{ labels: {}, value: 1, metricName: 'abc' }] },
      { ...metrics[0], values: [{ labels: {}, value: 3, metricName: 'abc' }] },
      { ...metrics[0], values: [{ labels: {}, value: 5, metricName: 'def' }] },
    ];
    expect(aggregators.sum(named)?.values).toEqual([
      { value: 4, labels: {}, metricName: 'abc' },
      { value: 5, labels: {}, metricName: 'def' },
    ]);
  });
});
