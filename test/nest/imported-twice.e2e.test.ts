import { Controller, type DynamicModule, Get, Module } from '@nestjs/common';
import { Registry } from 'promkit';
import { MetricsModule, type MetricsModuleRootOptions } from 'promkit/nest';
import { closeAllApps, getText, PLATFORMS, type Platform, sampleValue, startApp } from './nest-app';

@Controller('orders')
class OrdersController {
  @Get()
  list() {
    return [];
  }
}

afterEach(closeAllApps);

const ordersCount = 'http_request_duration_seconds_count{method="GET",route="/orders",status_code="200"}';

/** An app whose root module and a feature module both import the metrics module. */
async function appImportingTwice(
  platform: Platform,
  root: DynamicModule,
  feature: DynamicModule | typeof MetricsModule,
) {
  @Module({ imports: [feature], controllers: [OrdersController] })
  class OrdersModule {}
  @Module({ imports: [root, OrdersModule] })
  class AppModule {}
  return startApp(platform, { imports: [AppModule] });
}

async function ordersCountAfterThreeRequests(url: string): Promise<number | undefined> {
  for (let i = 0; i < 3; i++) expect((await getText(`${url}/orders`)).status).toBe(200);
  const scrape = await getText(`${url}/metrics`);
  expect(scrape.status).toBe(200);
  return sampleValue(scrape.text, ordersCount);
}

describe.each(PLATFORMS)('MetricsModule imported by several modules on %s', (platform) => {
  const options = (): MetricsModuleRootOptions => ({ registry: new Registry(), defaultMetrics: false });

  it('counts each request once when a feature module imports the bare MetricsModule', async () => {
    const { url } = await appImportingTwice(platform, MetricsModule.forRoot(options()), MetricsModule);
    expect(await ordersCountAfterThreeRequests(url)).toBe(3);
  });

  it('counts each request once, with one endpoint, when forRoot is called twice with the same options', async () => {
    const same = options();
    const { url } = await appImportingTwice(
      platform,
      MetricsModule.forRoot({ ...same, path: 'metrics', httpMetrics: { excludePaths: [/^\/health/] } }),
      MetricsModule.forRoot({ ...same, path: '/metrics', httpMetrics: { excludePaths: [/^\/health/] } }),
    );
    expect(await ordersCountAfterThreeRequests(url)).toBe(3);
  });

  it('counts each request once when forRoot() without options is called in two modules', async () => {
    const { url } = await appImportingTwice(platform, MetricsModule.forRoot(), MetricsModule.forRoot());
    const before = sampleValue((await getText(`${url}/metrics`)).text, ordersCount) ?? 0;
    for (let i = 0; i < 3; i++) await getText(`${url}/orders`);
    expect(sampleValue((await getText(`${url}/metrics`)).text, ordersCount)).toBe(before + 3);
  });

  it('counts each request once when forRootAsync is called twice with the same factory', async () => {
    const registry = new Registry();
    const useFactory = () => ({ registry, defaultMetrics: false });
    const { url } = await appImportingTwice(
      platform,
      MetricsModule.forRootAsync({ useFactory }),
      MetricsModule.forRootAsync({ useFactory }),
    );
    expect(await ordersCountAfterThreeRequests(url)).toBe(3);
  });

  it('refuses a second forRoot with other options, naming both', async () => {
    // Both on /metrics: Fastify would otherwise fail on the duplicated route, naming nothing of promkit.
    const registry = new Registry();
    const start = appImportingTwice(
      platform,
      MetricsModule.forRoot({ registry, defaultMetrics: false }),
      MetricsModule.forRoot({ registry, defaultMetrics: false, prefix: 'shop_' }),
    );
    await expect(start).rejects.toThrow(
      "MetricsModule is configured more than once in one app, with different options: MetricsModule.forRoot({ registry: Registry, defaultMetrics: false }) in AppModule and MetricsModule.forRoot({ registry: Registry, defaultMetrics: false, prefix: 'shop_' }) in OrdersModule.",
    );
  });
});
