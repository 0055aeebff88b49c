import { Controller, Get, Injectable, Module, Param } from '@nestjs/common';
import { defineMetric, type MetricFor, Registry, register, Timed, TrackInProgress } from 'promkit';
import { InjectMetric, MetricsModule } from 'promkit/nest';
import { closeAllApps, getText, type Platform, type RunningApp, sampleValue, startApp } from './nest-app';

/**
 * Every Nest e2e suite creates and closes apps in one process (hot reload
 * too): each new app must show its metrics at zero and count its own calls,
 * whatever ran before, and a closed app must leave nothing counting.
 */

const quotes = defineMetric({ type: 'counter', name: 'recreated_quotes_total', help: 'Quotes.' });

@Injectable()
class PricingService {
  constructor(@InjectMetric(quotes) private readonly quoted: MetricFor<typeof quotes>) {}

  @Timed({ name: 'recreated_price_seconds', buckets: [0.5, 5] })
  @TrackInProgress({ name: 'recreated_pricing_in_progress' })
  async price(amount: number): Promise<number> {
    this.quoted.inc();
    return amount * 2;
  }
}

@Controller('price')
class PricingController {
  constructor(private readonly pricing: PricingService) {}

  @Get(':amount')
  price(@Param('amount') amount: string) {
    return this.pricing.price(Number(amount));
  }
}

@Module({
  imports: [MetricsModule.forFeature([quotes])],
  controllers: [PricingController],
  providers: [PricingService],
})
class PricingModule {}

const ORDERS: Platform[][] = [
  ['express', 'fastify', 'express'],
  ['fastify', 'express', 'fastify'],
  ['express', 'express'],
  ['fastify', 'fastify'],
];

const SERIES = [
  'recreated_price_seconds_count',
  'recreated_price_seconds_bucket{le="0.5"}',
  'recreated_pricing_in_progress',
  'recreated_quotes_total',
  'http_request_duration_seconds_count{method="GET",route="/price/:amount",status_code="200"}',
] as const;

async function scrape(app: RunningApp): Promise<Record<(typeof SERIES)[number], number | undefined>> {
  const text = (await getText(`${app.url}/metrics`)).text;
  return Object.fromEntries(SERIES.map((s) => [s, sampleValue(text, s)])) as never;
}

afterEach(closeAllApps);

describe.each([
  ['its own registry', () => new Registry()],
  ['the global registry', () => register],
])('an app created again on %s', (_where, registryFor) => {
  it.each(ORDERS.map((order) => [order.join(' then '), order]))('%s', async (_name, order) => {
    for (const platform of order as Platform[]) {
      const registry = registryFor();
      const app = await startApp(platform, {
        imports: [MetricsModule.forRoot({ registry, defaultMetrics: false }), PricingModule],
      });
      expect(await scrape(app)).toEqual({
        recreated_price_seconds_count: 0,
        'recreated_price_seconds_bucket{le="0.5"}': 0,
        recreated_pricing_in_progress: 0,
        recreated_quotes_total: 0,
        'http_request_duration_seconds_count{method="GET",route="/price/:amount",status_code="200"}':
          undefined,
      });
      await getText(`${app.url}/price/2`);
      await getText(`${app.url}/price/3`);
      expect(await scrape(app)).toEqual({
        recreated_price_seconds_count: 2,
        'recreated_price_seconds_bucket{le="0.5"}': 2,
        recreated_pricing_in_progress: 0,
        recreated_quotes_total: 2,
        'http_request_duration_seconds_count{method="GET",route="/price/:amount",status_code="200"}': 2,
      });

      const service = app.app.get(PricingService);
      await app.close();
      await service.price(1);
      // Nothing of the closed app is left in its registry or counting there.
      if (registry === register) {
        // Outside any app, decorated methods record into the global registry again, afresh.
        expect(await register.getSampleValue('recreated_price_seconds_count')).toBe(1);
        expect(register.getSingleMetric('recreated_quotes_total')).toBeUndefined();
        expect(register.getSingleMetric('http_request_duration_seconds')).toBeUndefined();
      } else {
        expect(await registry.getSamples()).toEqual([]);
      }
    }
  });
});

it('two live apps share the decorated metrics; closing the newer hands them back to the older, at zero', async () => {
  const older = new Registry();
  const newer = new Registry();
  const first = await startApp('express', {
    imports: [MetricsModule.forRoot({ registry: older, defaultMetrics: false }), PricingModule],
  });
  const second = await startApp('fastify', {
    imports: [MetricsModule.forRoot({ registry: newer, defaultMetrics: false }), PricingModule],
  });
  await getText(`${first.url}/price/1`);
  expect(await newer.getSampleValue('recreated_price_seconds_count')).toBe(1);
  expect(await older.getSampleValue('recreated_quotes_total')).toBe(1);
  await second.close();
  expect(await older.getSampleValue('recreated_price_seconds_count')).toBe(0);
  await getText(`${first.url}/price/1`);
  expect((await scrape(first)).recreated_price_seconds_count).toBe(1);
});
