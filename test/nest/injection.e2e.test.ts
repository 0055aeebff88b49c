import { Controller, Get, Inject, Injectable, Module, Post } from '@nestjs/common';
import { Counter, defineMetric, type Gauge, type Histogram, type MetricFor, Registry } from 'promkit';
import {
  InjectMetric,
  InjectRegistry,
  MetricsModule,
  type MetricsModuleOptions,
  type MetricsOptionsFactory,
  makeGaugeProvider,
  makeHistogramProvider,
} from 'promkit/nest';
import { closeAllApps, getText, sampleValue, startApp } from './nest-app';

const ordersCreated = defineMetric({
  type: 'counter',
  name: 'orders_created_total',
  help: 'Orders created.',
  labelNames: ['channel'],
});

@Injectable()
class OrdersService {
  constructor(
    @InjectMetric(ordersCreated) readonly created: MetricFor<typeof ordersCreated>,
    @InjectMetric('orders_open') readonly open: Gauge,
    @InjectMetric('order_value_euros') readonly value: Histogram<'channel'>,
    @InjectRegistry() readonly registry: Registry,
    readonly registryByClass: Registry,
  ) {}

  create(channel: 'web' | 'app') {
    this.created.inc({ channel });
    this.open.inc();
    this.value.observe({ channel }, 42);
  }
}

@Controller('orders')
class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  create() {
    this.orders.create('web');
    return { ok: true };
  }
}

@Module({
  imports: [MetricsModule.forFeature([ordersCreated])],
  controllers: [OrdersController],
  providers: [
    OrdersService,
    makeGaugeProvider({ name: 'orders_open', help: 'Orders not yet shipped.' }),
    makeHistogramProvider({
      name: 'order_value_euros',
      help: 'Order values.',
      labelNames: ['channel'],
      buckets: [10, 100],
    }),
  ],
})
class OrdersModule {}

@Injectable()
class ConfigService {
  readonly registry = new Registry();
}

@Module({ providers: [ConfigService], exports: [ConfigService] })
class ConfigModule {}

@Injectable()
class MetricsConfig implements MetricsOptionsFactory {
  constructor(private readonly config: ConfigService) {}
  createMetricsOptions(): MetricsModuleOptions {
    return { registry: this.config.registry, defaultMetrics: false };
  }
}

@Controller('probe')
class ProbeController {
  constructor(@Inject(Registry) private readonly registry: Registry) {}

  @Get()
  async probe() {
    return { families: (await this.registry.collect()).length };
  }
}

afterEach(closeAllApps);

describe('metrics by dependency injection', () => {
  it('injects forFeature and make*Provider metrics registered with the module registry', async () => {
    const registry = new Registry();
    const { url, app } = await startApp('express', {
      imports: [MetricsModule.forRoot({ registry, defaultMetrics: false, httpMetrics: false }), OrdersModule],
    });
    const before = (await getText(`${url}/metrics`)).text;
    expect(sampleValue(before, 'orders_open')).toBe(0);
    await fetch(`${url}/orders`, { method: 'POST' });
    await fetch(`${url}/orders`, { method: 'POST' });
    const after = (await getText(`${url}/metrics`)).text;
    expect(sampleValue(after, 'orders_created_total{channel="web"}')).toBe(2);
    expect(sampleValue(after, 'orders_open')).toBe(2);
    expect(sampleValue(after, 'order_value_euros_bucket{le="100",channel="web"}')).toBe(2);
    const service = app.get(OrdersService);
    expect(service.registry).toBe(registry);
    expect(service.registryByClass).toBe(registry);
    expect(service.created).toBeInstanceOf(Counter);
  });

  it('refuses a forFeature definition that disagrees with a registered metric', async () => {
    const registry = new Registry();
    new Counter({
      name: 'orders_created_total',
      help: 'Orders.',
      labelNames: ['shop'],
      registers: [registry],
    });
    await expect(
      startApp('express', {
        imports: [MetricsModule.forRoot({ registry, defaultMetrics: false }), OrdersModule],
      }),
    ).rejects.toThrow(
      'MetricsModule.forFeature: metric "orders_created_total" is already registered by other code with labelNames [shop] (here: labelNames [channel])',
    );
  });
});

describe('typed injection', () => {
  it('types the injected metric from its declaration, labels included', () => {
    const created: MetricFor<typeof ordersCreated> = new Counter({
      name: 'typed_total',
      help: 'Typed.',
      labelNames: ['channel'] as const,
      registers: [],
    });
    created.inc({ channel: 'web' });
    // @ts-expect-error a label the declaration does not have
    expect(() => created.inc({ shop: 'x' })).toThrow('unknown label "shop"');
  });
});

describe('forgetting MetricsModule.forRoot', () => {
  it('is a clear error for forFeature metrics', async () => {
    await expect(startApp('express', { imports: [OrdersModule] })).rejects.toThrow(
      /^(MetricsModule\.forFeature|make\w+Provider) \(metric "\w+"\) needs MetricsModule\.forRoot\(\) \(or MetricsModule\.forRootAsync\(\)\) imported once in the app's root module/,
    );
  });

  it('is a clear error for the registry where forFeature is imported', async () => {
    @Injectable()
    class Reporter {
      constructor(@InjectRegistry() readonly registry: Registry) {}
    }
    @Module({ imports: [MetricsModule.forFeature([])], providers: [Reporter] })
    class ReportsModule {}
    await expect(startApp('fastify', { imports: [ReportsModule] })).rejects.toThrow(
      /^MetricsModule\.forFeature \(@InjectRegistry\(\)\) needs MetricsModule\.forRoot\(\)/,
    );
  });

  it('is a clear error when MetricsModule is imported as a class', async () => {
    await expect(startApp('express', { imports: [MetricsModule] })).rejects.toThrow(
      /^MetricsModule \(imported as a class\) needs MetricsModule\.forRoot\(\)/,
    );
  });

  it("names forRoot even in Nest's own message when nothing of promkit is imported", async () => {
    @Injectable()
    class Lonely {
      constructor(@InjectRegistry() readonly registry: Registry) {}
    }
    await expect(startApp('express', { providers: [Lonely] })).rejects.toThrow(
      /Symbol\(MetricsModule\.forRoot\(\) registry\)/,
    );
  });
});

describe('MetricsModule.forRootAsync', () => {
  it('takes options from useFactory with injected dependencies', async () => {
    const { url, app } = await startApp('express', {
      imports: [
        MetricsModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({ registry: config.registry, defaultMetrics: false }),
        }),
      ],
      controllers: [ProbeController],
    });
    const registry = app.get(ConfigService).registry;
    await getText(`${url}/probe`);
    const scraped = (await getText(`${url}/metrics`)).text;
    expect(
      sampleValue(
        scraped,
        'http_request_duration_seconds_count{method="GET",route="/probe",status_code="200"}',
      ),
    ).toBe(1);
    expect(app.get(Registry)).toBe(registry);
  });

  it('takes options from useClass, with the path given to forRootAsync itself', async () => {
    const { url, app } = await startApp('fastify', {
      imports: [
        MetricsModule.forRootAsync({ imports: [ConfigModule], useClass: MetricsConfig, path: '/prom' }),
      ],
    });
    expect(app.get(Registry)).toBe(app.get(ConfigService).registry);
    expect((await getText(`${url}/prom`)).status).toBe(200);
    expect((await getText(`${url}/metrics`)).status).toBe(404);
  });

  it('takes options from useExisting', async () => {
    @Module({ imports: [ConfigModule], providers: [MetricsConfig], exports: [MetricsConfig] })
    class MetricsConfigModule {}
    const { url, app } = await startApp('express', {
      imports: [MetricsModule.forRootAsync({ imports: [MetricsConfigModule], useExisting: MetricsConfig })],
    });
    const registry = app.get(ConfigService).registry;
    new Counter({ name: 'async_marker_total', help: 'Marker.', registers: [registry] }).inc(7);
    expect(sampleValue((await getText(`${url}/metrics`)).text, 'async_marker_total')).toBe(7);
  });

  it('names the missing factory', () => {
    expect(() => MetricsModule.forRootAsync({})).toThrow(/useFactory, useClass or useExisting/);
  });
});
