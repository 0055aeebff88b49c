import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { CountExceptions, Counted, Registry, register, Timed, TrackInProgress } from 'promkit';
import { DecoratedMethodsBinder, MetricsLifecycle, MetricsModule } from 'promkit/nest';
import { closeAllApps, getText, PLATFORMS, sampleValue, startApp } from './nest-app';

class PaymentDeclined extends Error {}

@Injectable()
class PaymentsService {
  @Timed({ name: 'nest_test_payment_seconds', buckets: [0.1, 1] })
  @CountExceptions({ name: 'nest_test_payment_failures_total' })
  @TrackInProgress({ name: 'nest_test_payments_in_progress' })
  async charge(amount: number): Promise<string> {
    if (amount > 100) throw new PaymentDeclined(`amount ${amount} over limit`);
    return 'ok';
  }
}

@Controller('pay')
class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get(':amount')
  @Counted({ name: 'nest_test_pay_requests_total' })
  pay(@Param('amount') amount: string) {
    return this.payments.charge(Number(amount));
  }
}

afterEach(closeAllApps);

function paymentsApp(platform: 'express' | 'fastify', registry: Registry, extra = {}) {
  return startApp(platform, {
    imports: [MetricsModule.forRoot({ registry, defaultMetrics: false, httpMetrics: false, ...extra })],
    controllers: [PaymentsController],
    providers: [PaymentsService],
  });
}

describe.each(PLATFORMS)('decorated methods on %s', (platform) => {
  it('are discovered and exposed at zero before the first call, and count calls after', async () => {
    const registry = new Registry();
    const { url, app } = await paymentsApp(platform, registry);
    const discovered = app.get(DecoratedMethodsBinder).decoratedMethods;
    expect(discovered).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ className: 'PaymentsService', methodName: 'charge' }),
        expect.objectContaining({ className: 'PaymentsController', methodName: 'pay' }),
      ]),
    );

    const before = (await getText(`${url}/metrics`)).text;
    expect(sampleValue(before, 'nest_test_payment_seconds_count')).toBe(0);
    expect(sampleValue(before, 'nest_test_payment_failures_total')).toBe(0);
    expect(sampleValue(before, 'nest_test_payments_in_progress')).toBe(0);

    expect((await getText(`${url}/pay/20`)).status).toBe(200);
    expect((await getText(`${url}/pay/500`)).status).toBe(500);
    const after = (await getText(`${url}/metrics`)).text;
    expect(sampleValue(after, 'nest_test_payment_seconds_count')).toBe(2);
    expect(sampleValue(after, 'nest_test_payment_failures_total')).toBe(1);
    expect(sampleValue(after, 'nest_test_payments_in_progress')).toBe(0);
    expect(after).toMatch(/nest_test_pay_requests_total\{[^}]*result="success"[^}]*\} 1/);
  });
});

describe('several apps in one process', () => {
  it('run side by side on the global registry, and close and re-create without clashes', async () => {
    const first = await startApp('express', {
      imports: [MetricsModule.forRoot()],
      controllers: [PaymentsController],
      providers: [PaymentsService],
    });
    const second = await startApp('fastify', {
      imports: [MetricsModule.forRoot()],
      controllers: [PaymentsController],
      providers: [PaymentsService],
    });
    await getText(`${first.url}/pay/1`);
    await getText(`${second.url}/pay/1`);
    const scraped = (await getText(`${second.url}/metrics`)).text;
    expect(scraped).toContain('process_cpu_user_seconds_total');
    expect(sampleValue(scraped, 'nest_test_payment_seconds_count')).toBe(2);

    await first.close();
    // The remaining app keeps its default metrics although the first app started them.
    expect((await getText(`${second.url}/metrics`)).text).toContain('process_cpu_user_seconds_total');
    await second.close();
    expect(await register.metrics()).not.toContain('process_cpu_user_seconds_total');

    const again = await startApp('express', {
      imports: [MetricsModule.forRoot()],
      controllers: [PaymentsController],
      providers: [PaymentsService],
    });
    await getText(`${again.url}/pay/1`);
    const rescraped = (await getText(`${again.url}/metrics`)).text;
    expect(rescraped).toContain('process_cpu_user_seconds_total');
    // The closed apps' counts left with them: the new app starts from zero.
    expect(sampleValue(rescraped, 'nest_test_payment_seconds_count')).toBe(1);
    expect(rescraped).toContain(
      'http_request_duration_seconds_count{method="GET",route="/pay/:amount",status_code="200"}',
    );
  });

  it('move decorated metrics back to the previous live app registry when the newest closes', async () => {
    const older = new Registry();
    const newer = new Registry();
    const a = await paymentsApp('express', older);
    const b = await paymentsApp('express', newer);
    expect(await newer.getSampleValue('nest_test_payment_seconds_count')).toBe(0);
    await b.close();
    await getText(`${a.url}/pay/1`);
    expect(await older.getSampleValue('nest_test_payment_seconds_count')).toBe(1);
  });
});

describe('a separate metrics port', () => {
  it.each(PLATFORMS)(
    'serves metrics on their own server instead of the %s app, until closed',
    async (platform) => {
      const registry = new Registry();
      const { url, app, close } = await paymentsApp(platform, registry, { port: 0, host: '127.0.0.1' });
      const server = app.get(MetricsLifecycle).metricsServer;
      expect(server).toBeDefined();
      expect((await getText(`${url}/metrics`)).status).toBe(404);
      const scraped = await getText(`http://127.0.0.1:${server!.port}/metrics`);
      expect(sampleValue(scraped.text, 'nest_test_payment_seconds_count')).toBeDefined();
      await close();
      await expect(getText(`http://127.0.0.1:${server!.port}/metrics`)).rejects.toThrow(/ECONNREFUSED/);
    },
  );
});
