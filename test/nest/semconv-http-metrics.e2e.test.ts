import { Controller, Get, Param } from '@nestjs/common';
import { Registry } from 'promkit';
import { MetricsModule } from 'promkit/nest';
import { closeAllApps, getText, PLATFORMS, startApp } from './nest-app';

@Controller('orders')
class OrdersController {
  @Get(':id')
  get(@Param('id') id: string) {
    if (id === 'broken') throw new Error('database down');
    return { id };
  }
}

afterEach(closeAllApps);

describe.each(PLATFORMS)(
  "MetricsModule's HTTP metrics under OpenTelemetry's conventions on %s",
  (platform) => {
    it('records http.server.request.duration as Prometheus stores it, a failure with its error.type', async () => {
      const registry = new Registry();
      const { url } = await startApp(platform, {
        imports: [
          MetricsModule.forRoot({
            registry,
            defaultMetrics: false,
            httpMetrics: { conventions: 'opentelemetry' },
          }),
        ],
        controllers: [OrdersController],
      });
      await getText(`${url}/orders/1`);
      await getText(`${url}/orders/broken`);
      await getText(`${url}/metrics`);
      const counts = (await registry.getSamples())
        .filter((s) => s.name === 'http_server_request_duration_seconds_count')
        .map((s) => `${Object.values(s.labels).join(' ')} x${s.value}`)
        .sort();
      // method, route, status code, error.type, url.scheme, network.protocol.version; the endpoint is not measured.
      expect(counts).toEqual(['GET /orders/:id 200  http 1.1 x1', 'GET /orders/:id 500 500 http 1.1 x1']);
      expect(
        await registry.getSampleValue('http_server_active_requests', {
          http_request_method: 'GET',
          url_scheme: 'http',
        }),
      ).toBe(0);
    });
  },
);

describe('MetricsModule.forRoot() checks the conventions options', () => {
  it('names the option and the values it takes', () => {
    const check = (httpMetrics: Record<string, unknown>) => () =>
      MetricsModule.forRoot({ httpMetrics } as Parameters<typeof MetricsModule.forRoot>[0]);
    expect(check({ conventions: 'otel' })).toThrow(
      "httpMetrics.conventions must be 'prometheus' or 'opentelemetry', got 'otel'",
    );
    expect(check({ conventions: 'opentelemetry', translationStrategy: 'NoTranslation' })).toThrow(
      "httpMetrics.translationStrategy must be 'UnderscoreEscapingWithSuffixes' or 'NoUTF8EscapingWithSuffixes', got 'NoTranslation'",
    );
  });
});
