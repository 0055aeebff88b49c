import { Controller, Get, Inject, Injectable, Module, Post } from '@nestjs/common';
import { Counter, type Gauge, type Histogram, Registry, register } from 'promkit';
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

@Injectable()
class OrdersService {
  constructor(
    @InjectMetric('orders_created_total') readonly created: Counter<'channel'>,
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
  imports: [
    MetricsModule.forFeature([
      { type: 'counter', name: 'orders_created_total', help: 'Orders created.', labelNames: ['channel'] },
    ]),
  ],
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
    return { registry: this.config.registry, defaultMetrics: false, path: '/ignored-by-static-path' };
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
    expect(sampleValue(after, 'order_value_euros_bucket{channel="web",le="100"}')).toBe(2);
    const service = app.get(OrdersService);
    expect(service.registry).toBe(registry);
    expect(service.registryByClass).toBe(registry);
    expect(service.created).toBeInstanceOf(Counter);
  });

  it('falls back to the global registry without forRoot', async () => {
    @Injectable()
    class Standalone {
      constructor(@InjectMetric('standalone_jobs_total') readonly jobs: Counter) {}
    }
    const { app } = await startApp('express', {
      imports: [
        MetricsModule.forFeature([{ type: 'counter', name: 'standalone_jobs_total', help: 'Jobs.' }]),
      ],
      providers: [Standalone],
    });
    try {
      app.get(Standalone).jobs.inc();
      expect(await register.getSampleValue('standalone_jobs_total')).toBe(1);
    } finally {
      register.removeSingleMetric('standalone_jobs_total');
    }
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
    ).rejects.toThrow(/orders_created_total.*labels \[shop\].*labels \[channel\]/);
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

  it('takes options from useClass, keeping the static path over the factory one', async () => {
    const { url, app } = await startApp('fastify', {
      imports: [
        MetricsModule.forRootAsync({ imports: [ConfigModule], useClass: MetricsConfig, path: '/prom' }),
      ],
    });
    expect(app.get(Registry)).toBe(app.get(ConfigService).registry);
    expect((await getText(`${url}/prom`)).status).toBe(200);
    expect((await getText(`${url}/ignored-by-static-path`)).status).toBe(404);
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
