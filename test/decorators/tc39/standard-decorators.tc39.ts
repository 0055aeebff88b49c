import { CountExceptions, Counted, Registry, Timed, TrackInProgress } from 'promkit';
import { getMetricDefinitions } from '../../../lib/decorators';

let registry: Registry;
beforeEach(() => {
  registry = new Registry();
});

test('this file really is compiled as standard decorators', () => {
  let seen: unknown;
  const probe = (_value: unknown, context: unknown) => {
    seen = context;
  };
  class Probe {
    @probe
    run(): void {}
  }
  expect(new Probe()).toBeDefined();
  expect(seen).toMatchObject({ kind: 'method', name: 'run' });
});

test('method decorators measure sync and async calls; the class name is learnt when the class is set up', async () => {
  class OrdersService {
    @Timed({ registry })
    @Counted({ registry })
    async createOrder(id: number): Promise<number> {
      if (id < 0) throw new RangeError('negative id');
      return id * 2;
    }
    @CountExceptions({ registry })
    @TrackInProgress({ registry })
    cancel(): void {
      throw new Error('too late');
    }
  }
  const orders = new OrdersService();
  expect(
    await registry.getSampleValue('orders_service_create_order_calls_total', { result: 'success' }),
  ).toBe(0);
  await expect(orders.createOrder(2)).resolves.toBe(4);
  await expect(orders.createOrder(-1)).rejects.toThrow(RangeError);
  expect(() => orders.cancel()).toThrow('too late');
  expect(
    await registry.getSampleValue('orders_service_create_order_calls_total', { result: 'success' }),
  ).toBe(1);
  expect(
    await registry.getSampleValue('orders_service_create_order_calls_total', { result: 'failure' }),
  ).toBe(1);
  expect(await registry.getSampleValue('orders_service_create_order_duration_seconds_count')).toBe(2);
  expect(await registry.getSampleValue('orders_service_cancel_exceptions_total')).toBe(1);
  expect(await registry.getSampleValue('orders_service_cancel_in_progress')).toBe(0);
  expect(OrdersService.prototype.createOrder.name).toBe('createOrder');
  expect(OrdersService.prototype.createOrder.length).toBe(1);
  expect(getMetricDefinitions(OrdersService, 'createOrder').map((d) => d.decorator)).toEqual([
    'Counted',
    'Timed',
  ]);
});

test('the metric is named after the declaring class, even for a subclass instance; statics work too', async () => {
  class Base {
    @Counted({ registry })
    run(): string {
      return 'ran';
    }
    @Counted({ registry })
    static build(): string {
      return 'built';
    }
  }
  class Derived extends Base {}
  expect(new Derived().run()).toBe('ran');
  expect(Base.build()).toBe('built');
  expect(await registry.getSampleValue('base_run_calls_total', { result: 'success' })).toBe(1);
  expect(await registry.getSampleValue('base_build_calls_total', { result: 'success' })).toBe(1);
});

test('a class decorator applies to every method and keeps `this`', async () => {
  @Timed({ registry, labelNames: ['method'], name: 'repo_seconds' })
  class Repository {
    rows = [1, 2, 3];
    count(): number {
      return this.rows.length;
    }
    *all(): Generator<number> {
      yield* this.rows;
    }
  }
  const repository = new Repository();
  expect(repository.count()).toBe(3);
  expect([...repository.all()]).toEqual([1, 2, 3]);
  expect(await registry.getSampleValue('repo_seconds_count', { method: 'count' })).toBe(1);
  expect(await registry.getSampleValue('repo_seconds_count', { method: 'all' })).toBe(1);
});

test('a conflicting definition fails when the class is first set up', () => {
  class Orders {
    @Counted({ registry, name: 'shared_total' })
    create(): void {}
  }
  class Carts {
    @Timed({ registry, name: 'shared_total' })
    add(): void {}
  }
  expect(new Orders()).toBeDefined();
  expect(() => new Carts()).toThrow(
    '@Timed on Carts.add: metric "shared_total" is already registered by @Counted on Orders.create with type counter (here: type histogram)',
  );
});
