import 'reflect-metadata';
import { Counted, MetricClassName, Registry, Timed } from 'promkit';
import { setInstrumentationErrorLogger } from '../../lib/core';
import { getMetricDefinitions } from '../../lib/decorators';

let registry: Registry;
let warnings: string[];
beforeEach(() => {
  registry = new Registry();
  warnings = [];
  setInstrumentationErrorLogger((message) => warnings.push(message));
});
afterAll(() => setInstrumentationErrorLogger(undefined));

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('@MetricClassName fixes the class part of derived names, the class label and help', async () => {
  @MetricClassName('OrdersService')
  class e {
    @Timed({ registry, buckets: [1] })
    find(): string {
      return 'found';
    }
    @Counted({ registry, name: 'order_calls_total', labelNames: ['class', 'method'] })
    cancel(): void {}
  }
  new e().find();
  new e().cancel();
  await settle();
  expect(registry.getSingleMetric('e_find_duration_seconds')).toBeUndefined();
  expect(await registry.getSampleValue('orders_service_find_duration_seconds_count')).toBe(1);
  expect(
    await registry.getSampleValue('order_calls_total', {
      class: 'OrdersService',
      method: 'cancel',
      result: 'success',
    }),
  ).toBe(1);
  expect(registry.getSingleMetric('orders_service_find_duration_seconds')?.help).toBe(
    'Duration of OrdersService.find calls in seconds.',
  );
  expect(getMetricDefinitions(e, 'find')[0]).toMatchObject({
    className: 'OrdersService',
    name: 'orders_service_find_duration_seconds',
  });
  expect(warnings).toEqual([]);
});

test('works with class-level decorators above or below it, and on static methods', async () => {
  @Timed({ registry })
  @MetricClassName('Inventory')
  class a {
    reserve(): void {}
  }
  @MetricClassName('Billing')
  @Counted({ registry })
  class b {
    charge(): void {}
    @Timed({ registry })
    static rates(): number {
      return 1;
    }
  }
  new a().reserve();
  new b().charge();
  b.rates();
  await settle();
  expect(await registry.getSampleValue('inventory_reserve_duration_seconds_count')).toBe(1);
  expect(await registry.getSampleValue('billing_charge_calls_total', { result: 'success' })).toBe(1);
  expect(await registry.getSampleValue('billing_rates_duration_seconds_count')).toBe(1);
  expect(registry.getMetricsAsArray().map((m) => m.name)).not.toContain('a_reserve_duration_seconds');
  expect(warnings).toEqual([]);
});

test('a derived name from a class name that looks minified is warned about once, naming the fix', async () => {
  class t {
    @Timed({ registry })
    load(): void {}
    @Counted({ registry })
    save(): void {}
  }
  class Orders$1 {
    @Timed({ registry })
    find(): void {}
  }
  class Db {
    @Timed({ registry, name: 'db_query_seconds' })
    query(): void {}
  }
  expect([new t(), new Orders$1(), new Db()]).toHaveLength(3);
  await settle();
  expect(warnings).toHaveLength(2);
  expect(warnings[0]).toContain(
    'metric names of class "t" (such as "t_load_duration_seconds", from @Timed on t.load)',
  );
  expect(warnings[0]).toContain(
    "give the class that declares load() its real name with @MetricClassName('<its real name>')",
  );
  expect(warnings[1]).toContain('class "Orders$1"');
  expect(warnings[1]).toContain('give the class that declares find() its real name');
  // The advice is about the class at hand, never a class of the examples.
  for (const warning of warnings) expect(warning).not.toContain('OrdersService');
});

test('rejects an empty name', () => {
  expect(() => MetricClassName('')).toThrow('@MetricClassName needs a non-empty class name');
});
