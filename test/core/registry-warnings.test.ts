import { bindDecoratedMetrics, type Collector, Counter, Registry } from 'promkit';
import { reportInstrumentationFailure } from '../../lib/core';
import { scrapeResponse } from '../../lib/export';

const OPENMETRICS_ACCEPT = 'application/openmetrics-text;version=1.0.0';

const failing: Collector = {
  collect: () => {
    throw new Error('disk gone');
  },
  describe: () => ['disk_free_bytes'],
};

describe("a registry's warnings", () => {
  let consoleWarn: jest.SpyInstance;
  beforeEach(() => {
    consoleWarn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    consoleWarn.mockRestore();
    bindDecoratedMetrics(undefined);
  });

  it('all go to its onWarning logger, and none to the console', async () => {
    const told: Array<[string, unknown]> = [];
    const registry = new Registry(undefined, { onWarning: (message, error) => told.push([message, error]) });
    registry.registerCollector(failing);
    const limited = new Counter({
      name: 'jobs',
      help: 'Jobs.',
      labelNames: ['id'],
      maxSeries: 1,
      registers: [registry],
    });
    limited.inc({ id: 'a' });
    limited.inc({ id: 'b' });
    await scrapeResponse(registry, { accept: OPENMETRICS_ACCEPT });
    bindDecoratedMetrics(registry);
    reportInstrumentationFailure('orders_seconds', new Error('labelsFrom threw'));

    expect(told.map(([message]) => message)).toEqual([
      expect.stringContaining('metric "jobs" reached its limit of 1 series'),
      expect.stringContaining('counter(s) declared without _total are stored under a new name: jobs'),
      expect.stringContaining('collecting "disk_free_bytes" failed'),
      expect.stringContaining('recording metric "orders_seconds" failed'),
    ]);
    expect(told[2][1]).toEqual(new Error('disk gone'));
    expect(consoleWarn).not.toHaveBeenCalled();
    const text = await registry.metrics();
    expect(text).toContain('promkit_series_overflow_total{metric="jobs"} 1');
    expect(text).toContain('promkit_collector_errors_total{collector="disk_free_bytes"} 2');
    expect(text).toContain('promkit_instrumentation_errors_total{metric="orders_seconds"} 1');
  });

  it('go where setWarningLogger says, and back to console.warn when unset', async () => {
    const registry = new Registry();
    registry.registerCollector(failing);
    const told: string[] = [];
    registry.setWarningLogger((message) => told.push(message));
    await registry.metrics();
    expect(told).toEqual([expect.stringContaining('collecting "disk_free_bytes" failed')]);

    registry.clear();
    registry.registerCollector(failing);
    registry.setWarningLogger(undefined);
    await registry.metrics();
    expect(told).toHaveLength(1);
    expect(consoleWarn).toHaveBeenCalledWith(
      expect.stringContaining('collecting "disk_free_bytes" failed'),
      new Error('disk gone'),
    );
  });

  it('never fail a scrape when the logger throws', async () => {
    const registry = new Registry(undefined, {
      onWarning: () => {
        throw new Error('logger down');
      },
    });
    registry.registerCollector(failing);
    new Counter({ name: 'ok_total', help: 'Ok.', registers: [registry] }).inc();
    const text = await registry.metrics();
    expect(text).toContain('ok_total 1');
    expect(text).toContain('promkit_collector_errors_total{collector="disk_free_bytes"} 1');
  });
});
