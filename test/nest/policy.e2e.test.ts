import { Injectable } from '@nestjs/common';
import { type Counter, Registry } from 'promkit';
import { InjectMetric, MetricsModule, makeCounterProvider } from 'promkit/nest';
import { closeAllApps, getText, HealthController, sampleValue, startApp } from './nest-app';

afterEach(closeAllApps);

@Injectable()
class Orders {
  constructor(@InjectMetric('orders_total') readonly orders: Counter<'status'>) {}
}

describe('MetricsModule.forRoot({ policy })', () => {
  it('applies the policy to HTTP metrics and injected metrics alike, before they are declared', async () => {
    const registry = new Registry();
    const app = await startApp('express', {
      imports: [
        MetricsModule.forRoot({
          registry,
          defaultMetrics: false,
          policy: {
            deny: ['http_requests_in_flight'],
            rename: { orders_total: 'shop_orders_total' },
            labels: [
              {
                metric: 'http_request_duration_seconds',
                label: 'status_code',
                replace: ['^(\\d)\\d\\d$', '$1xx'],
              },
            ],
          },
        }),
      ],
      controllers: [HealthController],
      providers: [
        makeCounterProvider({ name: 'orders_total', help: 'Orders', labelNames: ['status'] }),
        Orders,
      ],
    });
    app.app.get(Orders).orders.inc({ status: 'paid' }, 2);
    await getText(`${app.url}/health`);

    const { text } = await getText(`${app.url}/metrics`);
    expect(text).not.toContain('http_requests_in_flight');
    expect(sampleValue(text, 'shop_orders_total{status="paid"}')).toBe(2);
    expect(text).not.toMatch(/^orders_total/m);
    expect(text).toMatch(/^http_request_duration_seconds_count\{[^}]*status_code="2xx"[^}]*\} 1$/m);
  });

  it('stops the app at start with the rule at fault named', async () => {
    await expect(
      startApp('express', {
        imports: [
          MetricsModule.forRoot({
            registry: new Registry(),
            defaultMetrics: false,
            policy: { deny: ['a*b'] },
          }),
        ],
      }),
    ).rejects.toThrow('Metric policy: deny holds "a*b"');
  });

  it('refuses a policy that is not an object when forRoot is called', () => {
    expect(() => MetricsModule.forRoot({ policy: 'deny all' } as any)).toThrow(
      "MetricsModule.forRoot(): policy must be a metric policy object, got 'deny all'",
    );
  });
});
