import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { Observed, Registry } from 'promkit';

const exporter = new InMemorySpanExporter();
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
});
afterAll(() => {
  context.disable();
  trace.disable();
});

test('@Observed on a standard-decorated method: span, nested child, duration, errors and exemplar', async () => {
  const registry = new Registry();
  class Payments {
    @Observed({
      registry,
      name: 'payments.charge',
      labelNames: ['currency'],
      lowCardinality: ([, c]) => ({ currency: c }),
    })
    async charge(amount: number, _currency: string): Promise<number> {
      if (amount < 0) throw new RangeError('negative amount');
      return this.fee(amount);
    }

    @Observed({ registry, name: 'payments.fee' })
    async fee(amount: number): Promise<number> {
      await Promise.resolve();
      return amount / 100;
    }
  }
  const payments = new Payments();
  await expect(payments.charge(500, 'EUR')).resolves.toBe(5);
  await expect(payments.charge(-1, 'EUR')).rejects.toThrow(RangeError);

  const spans = exporter.getFinishedSpans();
  const charges = spans.filter((s) => s.name === 'payments.charge');
  const fee = spans.find((s) => s.name === 'payments.fee')!;
  expect(charges.map((s) => s.status.code)).toEqual([0, 2]);
  expect(fee.parentSpanContext?.spanId).toBe(charges[0].spanContext().spanId);
  expect(await registry.getSampleValue('payments_charge_duration_seconds_count', { currency: 'EUR' })).toBe(
    2,
  );
  expect(await registry.getSampleValue('payments_charge_errors_total', { currency: 'EUR' })).toBe(1);
  const exemplar = (await registry.getSamples({ names: ['payments_charge_duration_seconds'] })).find(
    (s) => s.exemplar !== undefined,
  )?.exemplar;
  expect(exemplar?.labels.trace_id).toBe(charges[0].spanContext().traceId);
});
