import 'reflect-metadata';
import { CountExceptions, Counted, Counter, Histogram, Registry, Timed } from 'promkit';

let registry: Registry;
beforeEach(() => {
  registry = new Registry();
});

test('methods naming the same metric with the same definition share it', async () => {
  class Orders {
    @Counted({ registry, name: 'shop_calls_total', labelNames: ['method'] })
    create(): void {}
  }
  class Carts {
    @Counted({ registry, name: 'shop_calls_total', labelNames: ['method'] })
    add(): void {}
  }
  new Orders().create();
  new Carts().add();
  expect(await registry.getSampleValue('shop_calls_total', { method: 'create', result: 'success' })).toBe(1);
  expect(await registry.getSampleValue('shop_calls_total', { method: 'add', result: 'success' })).toBe(1);
});

test('a metric created by other code is reused when it agrees', async () => {
  const existing = new Counter({ name: 'jobs_failed_total', help: 'Failed jobs.', registers: [registry] });
  class Jobs {
    @CountExceptions({ registry, name: 'jobs_failed_total' })
    run(): never {
      throw new Error('boom');
    }
  }
  expect(() => new Jobs().run()).toThrow('boom');
  await expect(existing.get()).resolves.toMatchObject({ values: [{ value: 1 }] });
});

describe('a conflicting definition fails at decoration time, naming both sides and the difference', () => {
  function declareFirst() {
    class Orders {
      @Timed({ registry, name: 'shop_seconds', labelNames: ['method'], buckets: [1, 2] })
      create(): void {}
    }
    return Orders;
  }

  test('other type', () => {
    declareFirst();
    expect(() => {
      class Carts {
        @Timed({ registry, name: 'shop_seconds', type: 'summary', labelNames: ['method'] })
        add(): void {}
      }
      return Carts;
    }).toThrow(
      '@Timed on Carts.add: metric "shop_seconds" is already registered by @Timed on Orders.create with type histogram (here: type summary)',
    );
  });

  test('other labels', () => {
    declareFirst();
    expect(() => {
      class Carts {
        @Timed({ registry, name: 'shop_seconds', labelNames: ['method', 'class'], buckets: [1, 2] })
        add(): void {}
      }
      return Carts;
    }).toThrow('with labelNames [method] (here: labelNames [class, method])');
  });

  test('other buckets', () => {
    declareFirst();
    expect(() => {
      class Carts {
        @Timed({ registry, name: 'shop_seconds', labelNames: ['method'], buckets: [1, 5] })
        add(): void {}
      }
      return Carts;
    }).toThrow('with buckets [1,2] (here: buckets [1,5])');
  });

  test('a metric of other code', () => {
    new Histogram({ name: 'legacy_seconds', help: 'Legacy.', registers: [registry] });
    expect(() => {
      class Legacy {
        @Counted({ registry, name: 'legacy_seconds' })
        run(): void {}
      }
      return Legacy;
    }).toThrow('metric "legacy_seconds" is already registered by other code with type histogram');
  });
});

test('invalid names and label names are errors naming the method', () => {
  expect(() => {
    class Bad {
      @Timed({ registry, name: 'not a name' })
      run(): void {}
    }
    return Bad;
  }).toThrow(/@Timed on Bad.run: .*Invalid metric name "not a name"/);
  expect(() => {
    class Bad {
      @Timed({ registry, labelNames: ['le'], labels: { le: '1' } })
      run(): void {}
    }
    return Bad;
  }).toThrow(/@Timed on Bad.run: .*label name "le" is reserved/);
});

test('decorating something other than a method or class is an error', () => {
  const decorate = Counted({ registry }) as unknown as (...args: unknown[]) => unknown;
  expect(() => decorate({}, 'field', undefined)).toThrow(
    '@Counted can decorate a class or a method, not property "field"',
  );
  expect(() => decorate({}, 'value', { get: () => 1 })).toThrow('not accessor "value"');
});
