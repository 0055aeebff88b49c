import { Counter, Registry } from 'promkit';
import { scrapeResponse } from '../../lib/export';

/** What Prometheus 2.42 sends: OpenMetrics first. */
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
const NATIVE_HISTOGRAMS_ACCEPT = `application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,${PROMETHEUS_ACCEPT}`;

describe('counters declared without _total (prom-client style)', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => warn.mockRestore());

  function registryWithCounters(): Registry {
    const registry = new Registry();
    new Counter({ name: 'orders_processed', help: 'Orders.', registers: [registry] }).inc(3);
    new Counter({ name: 'jobs_total', help: 'Jobs.', registers: [registry] }).inc();
    return registry;
  }

  it('are named to the app once, at the first OpenMetrics scrape, with the option that keeps them', async () => {
    const registry = registryWithCounters();
    for (let i = 0; i < 3; i++) {
      const response = await scrapeResponse(registry, { accept: PROMETHEUS_ACCEPT });
      expect(response.body.toString()).toContain('orders_processed_total 3');
    }
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0][0]);
    expect(message).toContain(
      '1 counter(s) declared without _total are stored under a new name: orders_processed (now orders_processed_total)',
    );
    expect(message).toContain('pass { openMetrics: false } to the metrics endpoint');
    expect(message).not.toContain('jobs_total');
  });

  it('keep their name with openMetrics: false, and nothing is said', async () => {
    const registry = registryWithCounters();
    const response = await scrapeResponse(registry, { accept: PROMETHEUS_ACCEPT }, { openMetrics: false });
    expect(response.headers['Content-Type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body.toString()).toContain('\norders_processed 3\n');
    expect(warn).not.toHaveBeenCalled();
  });

  it('name the options for protobuf when a scraper asks for it first', async () => {
    const registry = registryWithCounters();
    await scrapeResponse(registry, { accept: NATIVE_HISTOGRAMS_ACCEPT });
    expect(String(warn.mock.calls[0][0])).toContain('asked for protobuf');
    expect(String(warn.mock.calls[0][0])).toContain('{ openMetrics: false, protobuf: false }');
  });

  it('are not mentioned to apps whose counters all end in _total, nor for text scrapes', async () => {
    const suffixed = new Registry();
    new Counter({ name: 'jobs_total', help: 'Jobs.', registers: [suffixed] });
    await scrapeResponse(suffixed, { accept: PROMETHEUS_ACCEPT });
    await scrapeResponse(registryWithCounters(), {});
    expect(warn).not.toHaveBeenCalled();
  });
});
