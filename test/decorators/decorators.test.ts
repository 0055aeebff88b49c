import 'reflect-metadata';
import 'promkit/testing/jest';
import { CountExceptions, Counted, Registry, Timed, TrackInProgress } from 'promkit';
import { defaultMetricName } from '../../lib/decorators';

class NotFoundError extends Error {}
class ConflictError extends Error {}

let registry: Registry;
beforeEach(() => {
  registry = new Registry();
});

describe('default names', () => {
  test('are <class>_<method>_<suffix> in snake_case and always valid', () => {
    expect(defaultMetricName('OrdersService', 'createOrder', 'duration_seconds')).toBe(
      'orders_service_create_order_duration_seconds',
    );
    expect(defaultMetricName('HTTPClient', 'getURLFor2FA', 'calls_total')).toBe(
      'http_client_get_url_for2_fa_calls_total',
    );
    expect(defaultMetricName('', '$weird-name!', 'in_progress')).toBe('weird_name_in_progress');
    expect(defaultMetricName('3D', 'render', 'calls_total')).toBe('_3_d_render_calls_total');
  });

  test('each decorator derives its own name and help, and shows its metric at zero before any call', async () => {
    class OrdersService {
      @Timed({ registry })
      @CountExceptions({ registry })
      @TrackInProgress({ registry })
      @Counted({ registry })
      createOrder(): void {}
    }
    expect(new OrdersService()).toBeDefined();
    await expect(registry).toMatchMetrics(
      `
# HELP orders_service_create_order_duration_seconds Duration of OrdersService.createOrder calls in seconds.
# TYPE orders_service_create_order_duration_seconds histogram
orders_service_create_order_duration_seconds_bucket{le="0.005"} 0
orders_service_create_order_duration_seconds_bucket{le="0.01"} 0
orders_service_create_order_duration_seconds_bucket{le="0.025"} 0
orders_service_create_order_duration_seconds_bucket{le="0.05"} 0
orders_service_create_order_duration_seconds_bucket{le="0.1"} 0
orders_service_create_order_duration_seconds_bucket{le="0.25"} 0
orders_service_create_order_duration_seconds_bucket{le="0.5"} 0
orders_service_create_order_duration_seconds_bucket{le="1"} 0
orders_service_create_order_duration_seconds_bucket{le="2.5"} 0
orders_service_create_order_duration_seconds_bucket{le="5"} 0
orders_service_create_order_duration_seconds_bucket{le="10"} 0
orders_service_create_order_duration_seconds_bucket{le="+Inf"} 0
orders_service_create_order_duration_seconds_sum 0
orders_service_create_order_duration_seconds_count 0
# HELP orders_service_create_order_exceptions_total Calls of OrdersService.createOrder that failed with an error.
# TYPE orders_service_create_order_exceptions_total counter
orders_service_create_order_exceptions_total 0
# HELP orders_service_create_order_in_progress Calls of OrdersService.createOrder in progress.
# TYPE orders_service_create_order_in_progress gauge
orders_service_create_order_in_progress 0
# HELP orders_service_create_order_calls_total Calls of OrdersService.createOrder, by result.
# TYPE orders_service_create_order_calls_total counter
orders_service_create_order_calls_total{result="success"} 0
orders_service_create_order_calls_total{result="failure"} 0
`,
    );
  });
});

describe('@Timed', () => {
  test('observes durations in a histogram with the given buckets, by exception class', async () => {
    class Payments {
      @Timed({ registry, name: 'charge_seconds', buckets: [0.5, 60], labelNames: ['exception'] })
      charge(fail?: Error): string {
        if (fail) throw fail;
        return 'charged';
      }
    }
    const payments = new Payments();
    expect(await registry.getSampleValue('charge_seconds_count', { exception: 'none' })).toBe(0);
    expect(payments.charge()).toBe('charged');
    expect(() => payments.charge(new NotFoundError('x'))).toThrow(NotFoundError);
    expect(await registry.getSampleValue('charge_seconds_count', { exception: 'none' })).toBe(1);
    expect(await registry.getSampleValue('charge_seconds_count', { exception: 'NotFoundError' })).toBe(1);
    expect(await registry.getSampleValue('charge_seconds_bucket', { exception: 'none', le: '60' })).toBe(1);
    expect(await registry.getSampleValue('charge_seconds_bucket', { exception: 'none', le: '0.5' })).toBe(1);
  });

  test('measures how long an async call really takes', async () => {
    class Slow {
      @Timed({ registry, name: 'slow_seconds' })
      async wait(ms: number): Promise<void> {
        await new Promise((resolve) => setTimeout(resolve, ms));
      }
    }
    await new Slow().wait(30);
    expect(await registry.getSampleValue('slow_seconds_sum')).toBeGreaterThanOrEqual(0.025);
  });

  test('type "summary" records quantiles', async () => {
    class Reports {
      @Timed({ registry, type: 'summary', percentiles: [0.5], name: 'report_seconds' })
      build(): number {
        return 1;
      }
    }
    new Reports().build();
    const text = await registry.metrics();
    expect(text).toContain('# TYPE report_seconds summary');
    expect(text).toMatch(/report_seconds\{quantile="0.5"\} [0-9.e-]+/);
    expect(await registry.getSampleValue('report_seconds_count')).toBe(1);
  });

  test('rejects options that do not fit the chosen type', () => {
    expect(() => Timed({ type: 'summary', buckets: [1] })).toThrow(/buckets apply to histograms/);
    expect(() => Timed({ percentiles: [0.5] })).toThrow(/percentiles apply to summaries/);
    expect(() => Timed({ type: 'gauge' as never })).toThrow(/type must be "histogram" or "summary"/);
  });
});

describe('@CountExceptions', () => {
  test('counts every failure, rethrowing the very same error', async () => {
    const failure = new ConflictError('taken');
    class Users {
      @CountExceptions({ registry, name: 'signup_errors_total' })
      async signUp(fail: boolean): Promise<string> {
        if (fail) throw failure;
        return 'welcome';
      }
    }
    const users = new Users();
    await expect(users.signUp(false)).resolves.toBe('welcome');
    await expect(users.signUp(true)).rejects.toBe(failure);
    expect(await registry.getSampleValue('signup_errors_total')).toBe(1);
  });

  test('with `errors`, counts only those classes (and subclasses)', async () => {
    class Users {
      @CountExceptions({
        registry,
        name: 'lookup_errors_total',
        errors: [NotFoundError],
        labelNames: ['exception'],
      })
      find(error: Error): never {
        throw error;
      }
    }
    class GoneError extends NotFoundError {}
    const users = new Users();
    for (const error of [new NotFoundError(), new GoneError(), new ConflictError()]) {
      expect(() => users.find(error)).toThrow(error);
    }
    expect(await registry.getSampleValue('lookup_errors_total', { exception: 'NotFoundError' })).toBe(1);
    expect(await registry.getSampleValue('lookup_errors_total', { exception: 'GoneError' })).toBe(1);
    expect(
      await registry.getSampleValue('lookup_errors_total', { exception: 'ConflictError' }),
    ).toBeUndefined();
  });

  test('rejects an `errors` option that is not a list of classes', () => {
    expect(() => CountExceptions({ errors: ['NotFoundError' as never] })).toThrow(/array of error classes/);
  });
});

describe('@Counted', () => {
  test('counts calls by result', async () => {
    class Mailer {
      @Counted({ registry, name: 'mails_total', labels: { channel: 'smtp' } })
      send(ok: boolean): void {
        if (!ok) throw new Error('bounced');
      }
    }
    const mailer = new Mailer();
    mailer.send(true);
    mailer.send(true);
    expect(() => mailer.send(false)).toThrow('bounced');
    expect(await registry.getSampleValue('mails_total', { channel: 'smtp', result: 'success' })).toBe(2);
    expect(await registry.getSampleValue('mails_total', { channel: 'smtp', result: 'failure' })).toBe(1);
  });

  test('with failuresOnly, counts only failures', async () => {
    class Mailer {
      @Counted({ registry, name: 'bounces_total', failuresOnly: true })
      send(ok: boolean): void {
        if (!ok) throw new Error('bounced');
      }
    }
    const mailer = new Mailer();
    mailer.send(true);
    expect(() => mailer.send(false)).toThrow('bounced');
    expect(await registry.getSamples({ names: ['bounces_total'] })).toEqual([
      { name: 'bounces_total', labels: { result: 'failure' }, value: 1 },
    ]);
  });
});

describe('@TrackInProgress', () => {
  test('counts calls in flight, per label set', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    class Jobs {
      @TrackInProgress({
        registry,
        name: 'jobs_running',
        labelNames: ['queue'],
        labelsFrom: ([queue]) => ({ queue: queue as string }),
      })
      async run(_queue: string): Promise<void> {
        await gate;
      }
    }
    const jobs = new Jobs();
    const running = [jobs.run('mail'), jobs.run('mail'), jobs.run('pdf')];
    expect(await registry.getSampleValue('jobs_running', { queue: 'mail' })).toBe(2);
    expect(await registry.getSampleValue('jobs_running', { queue: 'pdf' })).toBe(1);
    release();
    await Promise.all(running);
    expect(await registry.getSampleValue('jobs_running', { queue: 'mail' })).toBe(0);
  });

  test('cannot take outcome labels, which are unknown while the call runs', () => {
    expect(() => {
      class Jobs {
        @TrackInProgress({ registry, labelNames: ['result'] })
        run(): void {}
      }
      return Jobs;
    }).toThrow(/label "result" cannot be filled in by this decorator/);
  });
});

describe('labels', () => {
  test('static labels, labelsFrom(args, instance) and class/method are combined', async () => {
    class Tenants {
      region = 'eu';
      @Counted({
        registry,
        name: 'tenant_calls_total',
        labelNames: ['service', 'tenant', 'region', 'class', 'method'],
        labels: { service: 'billing' },
        labelsFrom: (args, instance) => ({ tenant: String(args[0]), region: (instance as Tenants).region }),
      })
      bill(_tenant: string): void {}
    }
    new Tenants().bill('acme');
    expect(
      await registry.getSampleValue('tenant_calls_total', {
        service: 'billing',
        tenant: 'acme',
        region: 'eu',
        class: 'Tenants',
        method: 'bill',
        result: 'success',
      }),
    ).toBe(1);
  });

  test('a declared label with no source is an error at decoration time', () => {
    expect(() => {
      class Tenants {
        @Counted({ registry, labelNames: ['tenant'] })
        bill(): void {}
      }
      return Tenants;
    }).toThrow('@Counted on Tenants.bill: metric "tenants_bill_calls_total": label "tenant" has no value');
  });

  test('a static label outside labelNames is an error naming the label', () => {
    expect(() => {
      class Tenants {
        @Timed({ registry, labelNames: ['a'], labels: { a: '1', b: '2' } })
        bill(): void {}
      }
      return Tenants;
    }).toThrow('static label "b" is not in labelNames [a]');
  });
});
