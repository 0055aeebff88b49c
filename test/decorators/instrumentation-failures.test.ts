import 'reflect-metadata';
import { Counted, Gauge, Registry, Timed, TrackInProgress } from 'promkit';
import { getDefaultRegistry, setInstrumentationErrorLogger } from '../../lib/core';

let registry: Registry;
let logged: Array<{ message: string; error: unknown }>;
beforeEach(() => {
  registry = new Registry();
  logged = [];
  setInstrumentationErrorLogger((message, error) => logged.push({ message, error }));
});
afterAll(() => setInstrumentationErrorLogger(undefined));

const errorsOf = (metric: string) =>
  getDefaultRegistry().getSampleValue('promkit_instrumentation_errors_total', { metric });

test('a throwing labelsFrom does not reach the caller; it is logged once and counted every time', async () => {
  const labelFailure = new Error('no tenant');
  class Billing {
    calls = 0;
    @Counted({
      registry,
      name: 'billing_calls_total',
      labelNames: ['tenant'],
      labelsFrom: () => {
        throw labelFailure;
      },
    })
    charge(amount: number): number {
      this.calls++;
      return amount * 2;
    }
  }
  const billing = new Billing();
  expect(billing.charge(1)).toBe(2);
  expect(billing.charge(2)).toBe(4);
  expect(billing.calls).toBe(2);
  expect(logged).toHaveLength(1);
  expect(logged[0].message).toContain('"billing_calls_total"');
  expect(logged[0].error).toBe(labelFailure);
  expect(await errorsOf('billing_calls_total')).toBe(2);
});

test('bad label values from labelsFrom are reported with the metric and label name', async () => {
  class Billing {
    @Timed({
      registry,
      name: 'billing_seconds',
      labelNames: ['tenant'],
      labelsFrom: (args) => ({ tenant: args[0] as string, plan: 'extra' }),
    })
    async charge(tenant: unknown): Promise<string> {
      return `charged ${String(tenant)}`;
    }
    @TrackInProgress({
      registry,
      name: 'billing_in_progress',
      labelNames: ['tenant'],
      labelsFrom: (args) => ({ tenant: args[0] as string }),
    })
    refund(tenant: unknown): string {
      return `refunded ${String(tenant)}`;
    }
  }
  const billing = new Billing();
  await expect(billing.charge('acme')).resolves.toBe('charged acme');
  expect(String(logged[0].error)).toContain(
    'Metric "billing_seconds": labelsFrom returned label "plan", which is not declared',
  );
  expect(billing.refund({ id: 1 })).toBe('refunded [object Object]');
  expect(billing.refund(undefined)).toBe('refunded undefined');
  expect(String(logged[1].error)).toContain(
    'Metric "billing_in_progress": labelsFrom returned object for label "tenant"; expected a string or number',
  );
  expect(logged).toHaveLength(2);
  expect(await errorsOf('billing_in_progress')).toBe(2);
});

test("the app's own errors still pass through untouched when recording fails too", async () => {
  const appError = new Error('app failure');
  class Billing {
    @Counted({ registry, name: 'broken_total', labelNames: ['x'], labelsFrom: () => ({ x: {} as never }) })
    async charge(): Promise<void> {
      throw appError;
    }
  }
  await expect(new Billing().charge()).rejects.toBe(appError);
  expect(await errorsOf('broken_total')).toBe(1);
});

test('a failing measurement in core call tracking is reported, not thrown', async () => {
  const gauge = new Gauge({ name: 'core_gauge', help: 'h', registers: [registry] });
  const series = gauge.labels();
  const broken = Object.assign(Object.create(Object.getPrototypeOf(series)), series, {
    set() {
      throw new Error('cannot set');
    },
  });
  jest.spyOn(gauge as unknown as { seriesFor: () => unknown }, 'seriesFor').mockReturnValue(broken);
  expect(gauge.time(() => 'done')).toBe('done');
  expect(await errorsOf('unknown')).toBe(1);
});
