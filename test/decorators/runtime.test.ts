import 'reflect-metadata';
import { Counted, Counter, Registry, Timed } from 'promkit';
import { getDefaultRegistry, getInstrumentation } from '../../lib/core';

const runtime = getInstrumentation();

class Orders {
  @Timed({ name: 'runtime_orders_seconds', buckets: [1] })
  find(): string {
    return 'order';
  }
  @Counted({ name: 'runtime_shop_calls_total', labelNames: ['method'] })
  create(): void {}
  @Counted({ name: 'runtime_shop_calls_total', labelNames: ['method'] })
  cancel(): void {}
}

const orders = new Orders();
const count = (registry: Registry) => registry.getSampleValue('runtime_orders_seconds_count');
const calls = (registry: Registry, method: string) =>
  registry.getSampleValue('runtime_shop_calls_total', { method, result: 'success' });

test('a binding moves decorated metrics into its registry at zero, and back at zero when released', async () => {
  const global = getDefaultRegistry();
  orders.find();
  expect(await count(global)).toBeGreaterThanOrEqual(1);

  const app = new Registry();
  const binding = runtime.bind(app);
  expect(runtime.registry).toBe(app);
  expect(await count(app)).toBe(0);
  expect(global.getSingleMetric('runtime_orders_seconds')).toBeUndefined();
  orders.find();
  expect(await count(app)).toBe(1);

  binding.release();
  binding.release();
  expect(runtime.registry).toBe(global);
  expect(app.getSingleMetric('runtime_orders_seconds')).toBeUndefined();
  expect(await count(global)).toBe(0);
});

test('binding the registry the metrics are already in still starts them from zero', async () => {
  const global = getDefaultRegistry();
  orders.find();
  orders.create();
  const binding = runtime.bind(global);
  expect(await count(global)).toBe(0);
  expect(await calls(global, 'create')).toBe(0);
  orders.create();
  orders.cancel();
  expect(await calls(global, 'create')).toBe(1);
  expect(await calls(global, 'cancel')).toBe(1);
  binding.release();
  // Shared by two methods, the metric still leaves and comes back at zero.
  expect(await calls(global, 'create')).toBe(0);
});

test('the newest binding wins; releasing an older one moves nothing, releasing the newest moves back', async () => {
  const older = new Registry();
  const newer = new Registry();
  const first = runtime.bind(older);
  const second = runtime.bind(newer);
  orders.find();
  expect(await count(newer)).toBe(1);
  first.release();
  orders.find();
  expect(await count(newer)).toBe(2);
  const third = runtime.bind(older);
  orders.find();
  expect(await count(older)).toBe(1);
  third.release();
  expect(runtime.registry).toBe(newer);
  expect(await count(newer)).toBe(0);
  second.release();
});

test('a conflicting metric in the bound registry fails the binding, and the metrics stay where they were', async () => {
  const global = getDefaultRegistry();
  const app = new Registry();
  new Counter({ name: 'runtime_orders_seconds', help: 'Something else.', registers: [app] });
  expect(() => runtime.bind(app)).toThrow(
    '@Timed on Orders.find: metric "runtime_orders_seconds" is already registered by other code with type counter (here: type histogram)',
  );
  expect(runtime.registry).toBe(global);
  expect(app.getSingleMetric('runtime_orders_seconds')?.type).toBe('counter');
  orders.find();
  expect(await count(global)).toBe(1);
});

test('failed measurements are counted in the registry instrumentation records into', async () => {
  class Broken {
    @Counted({
      name: 'runtime_broken_total',
      labelNames: ['tenant'],
      labelsFrom: () => ({ tenant: {} as never }),
    })
    run(): string {
      return 'ran';
    }
  }
  const app = new Registry();
  const binding = runtime.bind(app);
  const quiet = jest.spyOn(console, 'warn').mockImplementation(() => {});
  try {
    expect(new Broken().run()).toBe('ran');
    expect(
      await app.getSampleValue('promkit_instrumentation_errors_total', { metric: 'runtime_broken_total' }),
    ).toBe(1);
    app.clear();
    new Broken().run();
    expect(
      await app.getSampleValue('promkit_instrumentation_errors_total', { metric: 'runtime_broken_total' }),
    ).toBe(2);
  } finally {
    quiet.mockRestore();
    binding.release();
  }
});
