import {
  type CanActivate,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  HttpException,
  Injectable,
  NotFoundException,
  Param,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { Counter, Registry } from 'promkit';
import { MetricsModule, type MetricsModuleRootOptions } from 'promkit/nest';
import { abandonRequest } from '../support/abandon-request';
import { waitFor } from '../support/wait-for';
import { closeAllApps, getText, HealthController, PLATFORMS, type Platform, startApp } from './nest-app';

class DenyAll implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

@Injectable()
class OrdersStore {
  find(id: string) {
    if (id === 'missing') throw new NotFoundException(`order ${id} not found`);
    if (id === 'teapot') throw new HttpException('short and stout', 418);
    if (id === 'broken') throw new Error('database down');
    return { id };
  }
}

/** What /orders/:id/unanswered throws: its filter only logs it, and nothing answers. */
class LeftUnanswered extends Error {}

@Catch(LeftUnanswered)
class LogOnlyFilter implements ExceptionFilter {
  catch(): void {}
}

/** Calls that reached the handlers of /orders/:id/slow and /orders/:id/unanswered. */
const reached = { slow: 0, unanswered: 0 };

@Controller('orders')
class OrdersController {
  constructor(private readonly store: OrdersStore) {}

  @Get(':id/slow')
  async slow() {
    reached.slow++;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return 'late';
  }

  @Get(':id/unanswered')
  @UseFilters(LogOnlyFilter)
  unanswered() {
    reached.unanswered++;
    throw new LeftUnanswered('logged, never answered');
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.store.find(id);
  }

  @Get(':id/secret')
  @UseGuards(DenyAll)
  secret() {
    return 'never';
  }
}

afterEach(closeAllApps);

async function ordersApp(platform: Platform, options: MetricsModuleRootOptions = {}) {
  const registry = new Registry();
  const running = await startApp(platform, {
    imports: [MetricsModule.forRoot({ registry, defaultMetrics: false, ...options })],
    controllers: [OrdersController, HealthController],
    providers: [OrdersStore],
  });
  return { ...running, registry };
}

function durationCount(
  registry: Registry,
  labels: Record<string, string>,
  name = 'http_request_duration_seconds',
) {
  return registry.getSampleValue(`${name}_count`, labels);
}

describe.each(PLATFORMS)('HTTP request metrics on %s', (platform) => {
  it('labels requests with the route template, never the raw URL', async () => {
    const { url, registry } = await ordersApp(platform);
    await getText(`${url}/orders/1`);
    await getText(`${url}/orders/2?expand=items`);
    expect(await durationCount(registry, { method: 'GET', route: '/orders/:id', status_code: '200' })).toBe(
      2,
    );
    const exposition = await registry.metrics();
    expect(exposition).not.toContain('/orders/1');
    expect(exposition).not.toContain('/orders/2');
  });

  it('records the final status of exceptions Nest turns into responses', async () => {
    const { url, registry } = await ordersApp(platform);
    expect((await getText(`${url}/orders/missing`)).status).toBe(404);
    expect((await getText(`${url}/orders/teapot`)).status).toBe(418);
    expect((await getText(`${url}/orders/broken`)).status).toBe(500);
    expect((await getText(`${url}/orders/1/secret`)).status).toBe(403);
    const route = '/orders/:id';
    expect(await durationCount(registry, { method: 'GET', route, status_code: '404' })).toBe(1);
    expect(await durationCount(registry, { method: 'GET', route, status_code: '418' })).toBe(1);
    expect(await durationCount(registry, { method: 'GET', route, status_code: '500' })).toBe(1);
    const secret = { method: 'GET', route: '/orders/:id/secret', status_code: '403' };
    expect(await durationCount(registry, secret)).toBe(1);
  });

  it('records requests that got no response with no status: client gone, or nothing answered', async () => {
    const { url, registry } = await ordersApp(platform);
    reached.slow = 0;
    reached.unanswered = 0;
    await abandonRequest(`${url}/orders/1/slow`, () => reached.slow === 1);
    await abandonRequest(`${url}/orders/1/unanswered`, () => reached.unanswered === 1);
    const recorded = async () =>
      (await registry.getSamples())
        .filter((s) => s.name === 'http_request_duration_seconds_count')
        .map((s) => `${s.labels.route} ${s.labels.status_code} x${s.value}`)
        .sort()
        .join(', ');
    const expected = '/orders/:id/slow 0 x1, /orders/:id/unanswered 0 x1';
    let last = '';
    await waitFor(
      async () => ((last = await recorded()) === expected ? true : undefined),
      { what: 'both requests to be recorded', timeoutMs: 5000, intervalMs: 20 },
      () => `recorded ${last}`,
    );
    expect(await registry.getSampleValue('http_requests_in_flight', { method: 'GET' })).toBe(0);
  });

  it('gives every unmatched URL one fixed route value', async () => {
    const { url, registry } = await ordersApp(platform);
    await getText(`${url}/no/such/page`);
    await getText(`${url}/another-${Date.now()}`);
    const unmatched = { method: 'GET', route: '<unmatched>', status_code: '404' };
    expect(await durationCount(registry, unmatched)).toBe(2);
  });

  it('leaves out the metrics path and excluded paths, and returns in-flight to zero', async () => {
    const { url, registry } = await ordersApp(platform, { httpMetrics: { excludePaths: ['/health'] } });
    await getText(`${url}/metrics`);
    await getText(`${url}/health`);
    await getText(`${url}/orders/1`);
    const counts = (await registry.getSamples()).filter(
      (s) => s.name === 'http_request_duration_seconds_count',
    );
    expect(counts.map((s) => s.labels.route)).toEqual(['/orders/:id']);
    expect(await registry.getSampleValue('http_requests_in_flight', { method: 'GET' })).toBe(0);
  });

  it('uses the configured names and prefix, or none at all when turned off', async () => {
    const named = await ordersApp(platform, {
      prefix: 'shop_',
      httpMetrics: { durationName: 'api_latency_seconds', inFlightName: 'api_busy' },
    });
    await getText(`${named.url}/orders/1`);
    const labels = { method: 'GET', route: '/orders/:id', status_code: '200' };
    expect(await durationCount(named.registry, labels, 'shop_api_latency_seconds')).toBe(1);
    expect(await named.registry.getSampleValue('shop_api_busy', { method: 'GET' })).toBe(0);

    const off = await ordersApp(platform, { httpMetrics: false });
    await getText(`${off.url}/orders/1`);
    expect(await off.registry.getSamples()).toEqual([]);
  });

  it('records response sizes with responseSize, as the HTTP metrics of any other server', async () => {
    const { url, registry } = await ordersApp(platform, {
      httpMetrics: { responseSize: { name: 'api_response_bytes', buckets: [10, 1000] } },
    });
    const body = (await getText(`${url}/orders/1`)).body;
    const labels = { method: 'GET', route: '/orders/:id', status_code: '200' };
    expect(await registry.getSampleValue('api_response_bytes_sum', labels)).toBe(body.length);
    expect(await registry.getSampleValue('http_request_size_bytes_count', labels)).toBeUndefined();
    expect(() => MetricsModule.forRoot({ httpMetrics: { requestSize: { name: '' } } })).toThrow(
      "MetricsModule.forRoot(): httpMetrics.requestSize.name must be a non-empty string, got ''",
    );
  });

  it('refuses to start when a metric of the same name but another kind is registered', async () => {
    const registry = new Registry();
    new Counter({ name: 'http_requests_in_flight', help: 'Something else.', registers: [registry] });
    await expect(
      startApp(platform, { imports: [MetricsModule.forRoot({ registry, defaultMetrics: false })] }),
    ).rejects.toThrow(
      'MetricsModule HTTP metrics: metric "http_requests_in_flight" is already registered by other code with type counter (here: type gauge)',
    );
  });
});
