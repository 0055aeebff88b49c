import 'reflect-metadata';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { MetricConfigError, Observed, observe, Registry } from 'promkit';
import { lastValueFrom, of } from 'rxjs';
import { getMetricDefinitions } from '../../lib/decorators';

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
afterEach(() => exporter.reset());

const spanNamed = (name: string): ReadableSpan => {
  const span = exporter.getFinishedSpans().find((s) => s.name === name);
  if (span === undefined) throw new Error(`no span "${name}"`);
  return span;
};

function makeOrders(registry: Registry) {
  class Orders {
    @Observed({
      registry,
      name: 'orders.find',
      labelNames: ['region'],
      lowCardinality: (_args, self: Orders) => ({ region: self.region }),
      highCardinality: ([id]: [number]) => ({ 'order.id': id }),
      buckets: [0.1, 1],
    })
    async find(id: number): Promise<{ id: number }> {
      await new Promise((resolve) => setTimeout(resolve, 2));
      if (id < 0) throw new RangeError(`no order ${id}`);
      return { id: await this.price(id) };
    }

    @Observed({ registry, name: 'orders.price' })
    async price(id: number): Promise<number> {
      await Promise.resolve();
      return id;
    }

    @Observed({ registry, name: 'orders.stream' })
    stream() {
      return of(1, 2);
    }

    @Observed({ registry, name: 'orders.steps' })
    *steps(): Generator<number> {
      yield 1;
    }

    region = 'eu';
  }
  return new Orders();
}

describe('@Observed', () => {
  let registry: Registry;
  beforeEach(() => {
    registry = new Registry();
  });

  it('makes a span named after the observation, with low- and high-cardinality attributes', async () => {
    await makeOrders(registry).find(7);
    const span = spanNamed('orders.find');
    expect(span.attributes).toEqual({ region: 'eu', 'order.id': 7 });
    expect(span.status.code).toBe(0);
  });

  it('records the duration with only the low-cardinality keys as labels, and the span as its exemplar', async () => {
    await makeOrders(registry).find(7);
    const samples = await registry.getSamples({ names: ['orders_find_duration_seconds'] });
    const count = samples.find((s) => s.name === 'orders_find_duration_seconds_count');
    expect(count).toMatchObject({ labels: { region: 'eu' }, value: 1 });
    const exemplar = samples.find((s) => s.exemplar !== undefined)?.exemplar;
    const { traceId, spanId } = spanNamed('orders.find').spanContext();
    expect(exemplar?.labels).toEqual({ trace_id: traceId, span_id: spanId });
    expect(await registry.getSampleValue('orders_find_errors_total', { region: 'eu' })).toBe(0);
  });

  it('nests the spans of observed calls made while awaiting, in one trace', async () => {
    await makeOrders(registry).find(3);
    const parent = spanNamed('orders.find');
    const child = spanNamed('orders.price');
    expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  });

  it('rethrows an error untouched, sets the span status to ERROR with the exception, and counts the error', async () => {
    const orders = makeOrders(registry);
    const failure = orders.find(-1);
    await expect(failure).rejects.toThrow(RangeError);
    const span = spanNamed('orders.find');
    expect(span.status).toEqual({ code: 2, message: 'no order -1' });
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
    expect(span.events[0].attributes?.['exception.type']).toBe('RangeError');
    expect(await registry.getSampleValue('orders_find_errors_total', { region: 'eu' })).toBe(1);
    expect(await registry.getSampleValue('orders_find_duration_seconds_count', { region: 'eu' })).toBe(1);
  });

  it('ends the span of an Observable or a generator when it has really ended', async () => {
    const orders = makeOrders(registry);
    const stream = orders.stream();
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual([]);
    expect(await lastValueFrom(stream)).toBe(2);
    expect([...orders.steps()]).toEqual([1]);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['orders.stream', 'orders.steps']);
    expect(await registry.getSampleValue('orders_stream_duration_seconds_count')).toBe(1);
    expect(await registry.getSampleValue('orders_steps_duration_seconds_count')).toBe(1);
  });

  it('lists its metrics as definitions, and refuses a missing name', () => {
    const orders = makeOrders(registry);
    expect(getMetricDefinitions(Object.getPrototypeOf(orders), 'find').map((d) => d.name)).toEqual([
      'orders_find_duration_seconds',
    ]);
    expect(() => Observed({ name: '' })).toThrow(
      new MetricConfigError('@Observed: name must be a non-empty string (the observation and span name)'),
    );
  });

  it('observe(name, fn) is the same for a block of code: span, duration with the span as exemplar, errors', async () => {
    const result = await observe('cache.refresh', async () => 'fresh', {
      registry,
      lowCardinality: { cache: 'users' },
      highCardinality: { 'cache.size': 12 },
    });
    expect(result).toBe('fresh');
    const failure = new TypeError('cache offline');
    expect(() =>
      observe(
        'cache.refresh',
        () => {
          throw failure;
        },
        { registry, lowCardinality: { cache: 'users' } },
      ),
    ).toThrow(failure);

    const spans = exporter.getFinishedSpans().filter((s) => s.name === 'cache.refresh');
    expect(spans.map((s) => s.attributes)).toEqual([
      { cache: 'users', 'cache.size': 12 },
      { cache: 'users' },
    ]);
    expect(spans.map((s) => s.status.code)).toEqual([0, 2]);
    expect(await registry.getSampleValue('cache_refresh_duration_seconds_count', { cache: 'users' })).toBe(2);
    expect(await registry.getSampleValue('cache_refresh_errors_total', { cache: 'users' })).toBe(1);
    const exemplar = (await registry.getSamples({ names: ['cache_refresh_duration_seconds'] })).find(
      (s) => s.exemplar !== undefined,
    )?.exemplar;
    expect(exemplar?.labels.trace_id).toBe(spans[0].spanContext().traceId);
  });
});
