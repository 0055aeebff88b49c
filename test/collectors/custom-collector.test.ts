import { type Collector, Gauge, MetricConfigError, Registry } from 'promkit';
import { GaugeMetricFamily } from 'promkit/exposition';

/** A collector in the Python docs' style: reads a queue's depth at scrape time. */
class QueueDepthCollector implements Collector {
  constructor(private readonly depths: () => Record<string, number>) {}

  collect() {
    const family = new GaugeMetricFamily('queue_depth', 'Jobs waiting in each queue.', { labels: ['queue'] });
    for (const [queue, depth] of Object.entries(this.depths())) family.addMetric([queue], depth);
    return [family];
  }

  describe() {
    return ['queue_depth'];
  }
}

const failing = (name: string, error = new Error('backend down')): Collector => ({
  collect: () => {
    throw error;
  },
  describe: () => [name],
});

describe('custom collectors on a registry', () => {
  it('are read at every scrape and can be unregistered', async () => {
    const queues: Record<string, number> = { emails: 2 };
    const registry = new Registry();
    const collector = new QueueDepthCollector(() => queues);
    registry.registerCollector(collector);
    expect(await registry.getSampleValue('queue_depth', { queue: 'emails' })).toBe(2);
    queues.emails = 5;
    expect(await registry.getSampleValue('queue_depth', { queue: 'emails' })).toBe(5);
    registry.unregisterCollector(collector);
    expect(await registry.metrics()).toBe('');
  });

  it('async collectors are awaited', async () => {
    const registry = new Registry();
    registry.registerCollector({
      collect: async () => [new GaugeMetricFamily('remote_items', 'Items.', { value: 7 })],
    });
    expect(await registry.metrics()).toBe(
      '# HELP remote_items Items.\n# TYPE remote_items gauge\nremote_items 7\n',
    );
  });

  it('describe() names are checked against existing metrics at registration', () => {
    const registry = new Registry();
    new Gauge({ name: 'queue_depth', help: 'x', registers: [registry] });
    expect(() => registry.registerCollector(new QueueDepthCollector(() => ({})))).toThrow(MetricConfigError);
    expect(() => registry.registerCollector(new QueueDepthCollector(() => ({})))).toThrow(/queue_depth/);
  });

  it('two collectors describing the same name clash; registering one collector twice is a no-op', () => {
    const registry = new Registry();
    const collector = new QueueDepthCollector(() => ({}));
    registry.registerCollector(collector);
    expect(() => registry.registerCollector(collector)).not.toThrow();
    expect(() => registry.registerCollector(new QueueDepthCollector(() => ({})))).toThrow(/queue_depth/);
  });

  it('a metric registered after a collector with the same name is rejected too', () => {
    const registry = new Registry();
    registry.registerCollector(new QueueDepthCollector(() => ({})));
    expect(() => new Gauge({ name: 'queue_depth', help: 'x', registers: [registry] })).toThrow(/queue_depth/);
  });

  it('rejects things that are not collectors', () => {
    const registry = new Registry();
    expect(() => registry.registerCollector({} as Collector)).toThrow(/collect\(\) method/);
  });
});

describe('a failing collector', () => {
  it('fails only its own families, is counted, and is logged once', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const registry = new Registry();
      new Gauge({ name: 'healthy', help: 'Still here.', registers: [registry] }).set(1);
      registry.registerCollector(failing('broken_metric'));
      registry.registerCollector({
        collect: async () => Promise.reject(new Error('timeout')),
        describe: () => ['slow'],
      });
      registry.registerCollector(new QueueDepthCollector(() => ({ emails: 1 })));

      const first = await registry.metrics();
      expect(first).toContain('healthy 1\n');
      expect(first).toContain('queue_depth{queue="emails"} 1\n');
      expect(first).not.toMatch(/^(# [A-Z]+ )?broken_metric/m);
      expect(first).toContain('promkit_collector_errors_total{collector="broken_metric"} 1\n');
      expect(first).toContain('promkit_collector_errors_total{collector="slow"} 1\n');

      await registry.metrics();
      expect(
        await registry.getSampleValue('promkit_collector_errors_total', { collector: 'broken_metric' }),
      ).toBe(3);
      expect(warn).toHaveBeenCalledTimes(2);
      expect(String(warn.mock.calls[0][0])).toContain('broken_metric');
    } finally {
      warn.mockRestore();
    }
  });

  it('is reported to onCollectError instead of the console when given', async () => {
    const seen: string[] = [];
    const registry = new Registry(undefined, {
      onCollectError: (error, collector) => seen.push(`${collector}: ${error}`),
    });
    registry.registerCollector(failing('broken_metric'));
    await registry.metrics();
    expect(seen).toEqual(['broken_metric: Error: backend down']);
  });

  it('fails the whole scrape in strict mode, with the collector own error', async () => {
    const error = new Error('backend down');
    const registry = new Registry(undefined, { strict: true });
    new Gauge({ name: 'healthy', help: 'x', registers: [registry] });
    registry.registerCollector(failing('broken_metric', error));
    await expect(registry.metrics()).rejects.toBe(error);

    const asyncRegistry = new Registry(undefined, { strict: true });
    asyncRegistry.registerCollector({ collect: async () => Promise.reject(error) });
    await expect(asyncRegistry.metrics()).rejects.toBe(error);
  });
});
