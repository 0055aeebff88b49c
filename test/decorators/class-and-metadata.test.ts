import 'reflect-metadata';
import { Controller, Get, Post } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { CountExceptions, Counted, Registry, Timed, TrackInProgress } from 'promkit';
import { getMetricDefinitions, METRIC_DEFINITIONS_METADATA } from '../../lib/decorators';

let registry: Registry;
beforeEach(() => {
  registry = new Registry();
});

describe('class-level use', () => {
  test('applies to every own prototype method, not the constructor, accessors or statics', async () => {
    @Counted({ registry })
    class Inventory {
      constructor(private readonly stock = 3) {}
      get level(): number {
        return this.stock;
      }
      set level(_value: number) {}
      reserve(): number {
        return this.stock - 1;
      }
      release(): number {
        return this.stock + 1;
      }
      static create(): Inventory {
        return new Inventory();
      }
    }
    const inventory = Inventory.create();
    expect(inventory.reserve()).toBe(2);
    expect(inventory.release()).toBe(4);
    expect(inventory.level).toBe(3);
    const names = (await registry.getMetricsAsJSON()).map((m) => m.name).sort();
    expect(names).toEqual(['inventory_release_calls_total', 'inventory_reserve_calls_total']);
    expect(await registry.getSampleValue('inventory_reserve_calls_total', { result: 'success' })).toBe(1);
  });

  test('a method-level decorator of the same kind wins over the class-level one', async () => {
    @Timed({ registry })
    class Search {
      @Timed({ registry, name: 'search_query_custom_seconds', buckets: [1] })
      query(): void {}
      suggest(): void {}
    }
    new Search().query();
    expect(await registry.getSampleValue('search_query_custom_seconds_count')).toBe(1);
    expect(registry.getSingleMetric('search_query_duration_seconds')).toBeUndefined();
    expect(registry.getSingleMetric('search_suggest_duration_seconds')).toBeDefined();
  });

  test('with a shared name and class/method labels, one metric covers the whole class', async () => {
    @Counted({ registry, name: 'service_calls_total', labelNames: ['class', 'method'] })
    class Billing {
      charge(): void {}
      refund(): void {}
    }
    const billing = new Billing();
    billing.charge();
    billing.refund();
    billing.refund();
    expect(
      await registry.getSampleValue('service_calls_total', {
        class: 'Billing',
        method: 'refund',
        result: 'success',
      }),
    ).toBe(2);
  });
});

describe('the wrapper is transparent', () => {
  test('keeps this, name, length, arguments and return value', () => {
    class Calculator {
      factor = 10;
      @Timed({ registry })
      @CountExceptions({ registry })
      scale(a: number, b: number, c = 0): number {
        return (a + b + c) * this.factor;
      }
    }
    const calculator = new Calculator();
    expect(calculator.scale(1, 2, 3)).toBe(60);
    expect(Calculator.prototype.scale.name).toBe('scale');
    expect(Calculator.prototype.scale.length).toBe(2);
  });

  test('keeps metadata and own properties other decorators put on the method, in any order', () => {
    const Tag =
      (value: string): MethodDecorator =>
      (_target, _key, descriptor) => {
        Reflect.defineMetadata('custom:tag', value, descriptor.value as object);
        (descriptor.value as unknown as { marker: string }).marker = value;
      };
    class Tagged {
      @Timed({ registry })
      @Tag('below')
      first(): void {}
      @Tag('above')
      @Timed({ registry })
      second(): void {}
    }
    for (const [method, tag] of [
      [Tagged.prototype.first, 'below'],
      [Tagged.prototype.second, 'above'],
    ] as const) {
      expect(Reflect.getMetadata('custom:tag', method)).toBe(tag);
      expect((method as unknown as { marker: string }).marker).toBe(tag);
    }
  });

  test("Nest's real @Get()/@Post() route metadata survives stacking above and below", () => {
    @Controller('orders')
    class OrdersController {
      @Get(':id')
      @Timed({ registry })
      find(): string {
        return 'found';
      }
      @Timed({ registry })
      @Post()
      @Counted({ registry })
      create(): string {
        return 'created';
      }
    }
    const { find, create } = OrdersController.prototype;
    expect(Reflect.getMetadata(PATH_METADATA, find)).toBe(':id');
    expect(Reflect.getMetadata(METHOD_METADATA, find)).toBe(0); // RequestMethod.GET
    expect(Reflect.getMetadata(PATH_METADATA, create)).toBe('/');
    expect(Reflect.getMetadata(METHOD_METADATA, create)).toBe(1); // RequestMethod.POST
    expect(new OrdersController().create()).toBe('created');
  });
});

describe('definitions recorded as metadata', () => {
  test('list every decorator on the method, readable from the class, prototype, instance or function', () => {
    class OrdersService {
      @Timed({ registry, labelNames: ['exception'], buckets: [0.1, 1] })
      @TrackInProgress({ registry })
      @Counted({ registry, labels: { tier: 'gold' } })
      createOrder(): void {}
    }
    const definitions = getMetricDefinitions(OrdersService, 'createOrder');
    expect(definitions.map((d) => [d.decorator, d.type, d.name])).toEqual([
      ['Counted', 'counter', 'orders_service_create_order_calls_total'],
      ['TrackInProgress', 'gauge', 'orders_service_create_order_in_progress'],
      ['Timed', 'histogram', 'orders_service_create_order_duration_seconds'],
    ]);
    const [counted, , timed] = definitions;
    expect(counted).toMatchObject({
      labelNames: ['tier', 'result'],
      labels: { tier: 'gold' },
      className: 'OrdersService',
      methodName: 'createOrder',
      registry,
    });
    expect(timed.buckets).toEqual([0.1, 1]);
    expect(getMetricDefinitions(new OrdersService(), 'createOrder')).toEqual(definitions);
    expect(getMetricDefinitions(OrdersService.prototype.createOrder)).toEqual(definitions);
    expect(
      Reflect.getMetadata(METRIC_DEFINITIONS_METADATA, OrdersService.prototype.createOrder),
    ).toHaveLength(3);
    expect(getMetricDefinitions(OrdersService, 'missing')).toEqual([]);
  });
});
