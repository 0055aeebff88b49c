import 'reflect-metadata';
import { bindDecoratedMetrics, Counted, Registry, Timed } from 'promkit';
import { getDefaultRegistry } from '../../lib/core';
import { decoratorRegistry } from '../../lib/decorators';

afterEach(() => {
  bindDecoratedMetrics(undefined);
});

test('without a registry option metrics go to the global registry, at zero', async () => {
  class Greeter {
    @Counted()
    greet(): string {
      return 'hi';
    }
  }
  expect(decoratorRegistry()).toBe(getDefaultRegistry());
  expect(await getDefaultRegistry().getSampleValue('greeter_greet_calls_total', { result: 'success' })).toBe(
    0,
  );
  new Greeter().greet();
  expect(await getDefaultRegistry().getSampleValue('greeter_greet_calls_total', { result: 'success' })).toBe(
    1,
  );
});

test('bindDecoratedMetrics moves metrics declared before and after it, at zero, leaving explicit registries alone', async () => {
  const own = new Registry();
  class Before {
    @Timed()
    run(): void {}
    @Timed({ registry: own })
    pinned(): void {}
  }
  const appRegistry = new Registry();
  const bound = bindDecoratedMetrics(appRegistry);
  class After {
    @Counted({ name: 'after_total' })
    run(): void {}
  }
  expect(bound.map((m) => m.name)).toContain('before_run_duration_seconds');
  expect(decoratorRegistry()).toBe(appRegistry);
  expect(await appRegistry.getSampleValue('before_run_duration_seconds_count')).toBe(0);
  expect(await appRegistry.getSampleValue('after_total', { result: 'success' })).toBe(0);
  expect(getDefaultRegistry().getSingleMetric('before_run_duration_seconds')).toBeUndefined();
  expect(appRegistry.getSingleMetric('before_pinned_duration_seconds')).toBeUndefined();

  new Before().run();
  new Before().pinned();
  new After().run();
  expect(await appRegistry.getSampleValue('before_run_duration_seconds_count')).toBe(1);
  expect(await appRegistry.getSampleValue('after_total', { result: 'success' })).toBe(1);
  expect(await own.getSampleValue('before_pinned_duration_seconds_count')).toBe(1);
});

test('binding again moves them on, and the old registry no longer shows them', async () => {
  class Mover {
    @Counted({ name: 'mover_total' })
    run(): void {}
  }
  const first = new Registry();
  const second = new Registry();
  bindDecoratedMetrics(first);
  new Mover().run();
  bindDecoratedMetrics(second);
  new Mover().run();
  expect(first.getSingleMetric('mover_total')).toBeUndefined();
  expect(await second.getSampleValue('mover_total', { result: 'success' })).toBe(1);
});
