import { register } from 'promkit';
import { AppModule } from '../../sample/src/app.module';
import { closeAllApps, getText, sampleValue, startApp } from './nest-app';

afterEach(closeAllApps);

describe('the sample orders service', () => {
  it('exposes its business, decorated, HTTP and default metrics', async () => {
    const { url } = await startApp('express', { imports: [AppModule] });
    const before = (await getText(`${url}/metrics`)).text;
    expect(sampleValue(before, 'payment_gateway_charges_in_progress{service="orders"}')).toBe(0);
    expect(sampleValue(before, 'orders_service_state{service="orders",orders_service_state="serving"}')).toBe(
      1,
    );
    expect(before).toMatch(
      /^app_build_info\{version="[^"]+",commit="[^"]+",node="v[\d.]+",service="orders"\}/m,
    );

    for (const channel of ['web', 'web', 'app']) {
      const res = await fetch(`${url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-trace-id': 'trace-abc' },
        body: JSON.stringify({ channel, amountEuros: 10 }),
      });
      expect(res.status).toBe(201);
    }
    expect((await getText(`${url}/orders/999`)).status).toBe(404);

    const after = (await getText(`${url}/metrics`)).text;
    const created = (status: string, channel: string) =>
      sampleValue(after, `orders_created_total{channel="${channel}",status="${status}",service="orders"}`) ??
      0;
    expect(created('paid', 'web') + created('payment_failed', 'web')).toBe(2);
    expect(
      sampleValue(after, 'payment_gateway_charge_seconds_count{service="orders",exception="none"}') ?? 0,
    ).toBe(3 - (sampleValue(after, 'payment_gateway_errors_total{service="orders"}') ?? 0));
    expect(sampleValue(after, 'orders_repository_save_calls_total{result="success",service="orders"}')).toBe(
      3,
    );
    expect(sampleValue(after, 'order_amount_euros_count{channel="app",service="orders"}')).toBe(1);
    const notFound =
      'http_request_duration_seconds_count{service="orders",method="GET",route="/orders/:id",status_code="404"}';
    expect(sampleValue(after, notFound)).toBe(1);
    expect(after).toContain('process_cpu_user_seconds_total');

    const om = await getText(`${url}/metrics`, { accept: 'application/openmetrics-text; version=1.0.0' });
    expect(om.text).toMatch(/orders_checkout_seconds_bucket\{[^}]*\} \d+ # \{trace_id="trace-abc"\}/);
  });

  afterAll(() => register.clear());
});
