import 'reflect-metadata';
import { getOrCreateMetric, type Histogram, HttpMetrics, MetricConfigError, Registry, Timed } from 'promkit';
import type { NativeHistogram } from 'promkit/exposition';

/** Observations in the native buckets of a histogram's series, zero bucket included. */
function nativeCount(native: NativeHistogram | undefined): number {
  if (native === undefined) return 0;
  let n = native.zeroCount;
  for (const run of [...native.positive, ...native.negative])
    for (let k = 0; k < run.counts.length; k++) n += run.counts[k];
  return n;
}

describe('native buckets wherever promkit makes a histogram', () => {
  it('@Timed({ native }) records call durations in native buckets (native only unless buckets are given)', () => {
    const registry = new Registry();
    class Orders {
      @Timed({ registry, name: 'orders_find_seconds', native: { schema: 4 } })
      find(id: number): number {
        return id;
      }

      @Timed({ registry, name: 'orders_pay_seconds', native: true, buckets: [0.1, 1] })
      pay(): void {}
    }
    const orders = new Orders();
    orders.find(1);
    orders.find(2);
    orders.pay();
    const find = registry.getSingleMetric('orders_find_seconds') as Histogram;
    expect([find.nativeConfig?.schema, find.upperBounds]).toEqual([4, []]);
    expect(nativeCount(find.labels().native)).toBe(2);
    const pay = registry.getSingleMetric('orders_pay_seconds') as Histogram;
    expect([pay.nativeConfig?.schema, pay.upperBounds]).toEqual([3, [0.1, 1]]);
  });

  it('@Timed refuses native buckets on a summary', () => {
    expect(() => Timed({ type: 'summary', native: true })).toThrow(
      new MetricConfigError('@Timed: native buckets apply to histograms (summaries have quantiles)'),
    );
  });

  it('HTTP server metrics record durations and sizes in native buckets, classic buckets kept', () => {
    const registry = new Registry();
    const http = new HttpMetrics({ registry, native: true, requestSize: true });
    const end = http.start('GET', '/orders/7', 512);
    end?.('/orders/:id', 200, 2048);
    const duration = http.duration.labels('GET', '/orders/:id', '200');
    expect(nativeCount(duration.native)).toBe(1);
    // Dashboards built on the classic buckets keep working.
    expect(http.duration.upperBounds).toEqual([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
    expect(nativeCount(http.requestSize?.labels('GET', '/orders/:id', '200').native)).toBe(1);
    http.close();
  });

  it('two declarations of one histogram share it only when their native settings agree', () => {
    const registry = new Registry();
    const declare = (native?: boolean | { schema: number }) =>
      getOrCreateMetric(registry, { type: 'histogram', name: 'jobs_seconds', help: 'J', native }, 'test');
    const first = declare(true);
    expect(declare(true)).toBe(first);
    expect(declare({ schema: 3 })).toBe(first); // the default schema, spelled out
    expect(() => declare({ schema: 5 })).toThrow(/native \{schema 3.*\(here: native \{schema 5/);
    expect(() => declare(undefined)).toThrow(/buckets \[\]/);
  });
});
