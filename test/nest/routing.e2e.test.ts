import { Controller, Get, type INestApplication, Param, VersioningType } from '@nestjs/common';
import { Registry } from 'promkit';
import { MetricsModule } from 'promkit/nest';
import {
  closeAllApps,
  getText,
  HealthController,
  PLATFORMS,
  type Platform,
  sampleValue,
  startApp,
} from './nest-app';

@Controller('orders')
class OrdersController {
  @Get(':id')
  find(@Param('id') id: string) {
    return { id };
  }
}

afterEach(closeAllApps);

async function routedApp(
  platform: Platform,
  configure: (app: INestApplication) => void,
  excludePaths: string[],
) {
  const registry = new Registry();
  const running = await startApp(
    platform,
    {
      imports: [MetricsModule.forRoot({ registry, defaultMetrics: false, httpMetrics: { excludePaths } })],
      controllers: [OrdersController, HealthController],
    },
    configure,
  );
  return { ...running, registry };
}

/** The routes and statuses the duration histogram has recorded. */
async function measuredRoutes(registry: Registry): Promise<string[]> {
  const samples = await registry.getSamples({ names: ['http_request_duration_seconds'] });
  return samples
    .filter((s) => s.name === 'http_request_duration_seconds_count')
    .map((s) => `${s.labels.route} ${s.labels.status_code}`)
    .sort();
}

describe.each(PLATFORMS)('on %s', (platform) => {
  it('with a global prefix, the endpoint lives under it, is never measured, and excludePaths match paths as served', async () => {
    const { url, registry } = await routedApp(platform, (app) => app.setGlobalPrefix('api'), ['/api/health']);
    expect((await getText(`${url}/api/orders/7`)).status).toBe(200);
    expect((await getText(`${url}/api/health`)).status).toBe(200);
    const scrape = await getText(`${url}/api/metrics`);
    expect(scrape.status).toBe(200);
    // The scrape itself is neither in flight in its own output nor recorded afterwards.
    expect(sampleValue(scrape.text, 'http_requests_in_flight{method="GET"}')).toBe(0);
    await getText(`${url}/api/metrics?name[]=http_requests_in_flight`);
    expect(await measuredRoutes(registry)).toEqual(['/api/orders/:id 200']);
    expect((await getText(`${url}/metrics`)).status).toBe(404);
  });

  it('with the endpoint excluded from the global prefix, it stays at /metrics', async () => {
    const { url, registry } = await routedApp(
      platform,
      (app) => app.setGlobalPrefix('api', { exclude: ['metrics'] }),
      [],
    );
    await getText(`${url}/api/orders/7`);
    expect((await getText(`${url}/metrics`)).status).toBe(200);
    expect((await getText(`${url}/api/metrics`)).status).toBe(404);
    expect(await measuredRoutes(registry)).toEqual(['/api/orders/:id 200', '<unmatched> 404']);
  });

  it('with URI versioning, the endpoint is version-neutral and routes carry their version', async () => {
    const { url, registry } = await routedApp(
      platform,
      (app) => app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' }),
      ['/v1/health'],
    );
    expect((await getText(`${url}/v1/orders/7`)).status).toBe(200);
    expect((await getText(`${url}/v1/health`)).status).toBe(200);
    expect((await getText(`${url}/metrics`)).status).toBe(200);
    expect(await measuredRoutes(registry)).toEqual(['/v1/orders/:id 200']);
  });

  it('with a global prefix and versioning together', async () => {
    const { url, registry } = await routedApp(
      platform,
      (app) => {
        app.setGlobalPrefix('api');
        app.enableVersioning({ type: VersioningType.URI, defaultVersion: '2' });
      },
      [],
    );
    await getText(`${url}/api/v2/orders/7`);
    expect((await getText(`${url}/api/metrics`)).status).toBe(200);
    expect(await measuredRoutes(registry)).toEqual(['/api/v2/orders/:id 200']);
  });
});
