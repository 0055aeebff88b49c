// Core alone, without the decorators: it knows every kind of result itself.
import { Observable, Subject } from 'rxjs';
import { Counter, Gauge, Histogram, Registry } from '../../lib/core';

let registry: Registry;
beforeEach(() => {
  registry = new Registry();
});

test('histogram.time() follows an Observable until its subscription completes, without subscribing itself', async () => {
  const histogram = new Histogram({ name: 'load_seconds', help: 'h', registers: [registry] });
  const source = new Subject<number>();
  let subscribed = 0;
  const lazy = new Observable<number>((subscriber) => {
    subscribed++;
    return source.subscribe(subscriber);
  });
  const timed = histogram.time(() => lazy);
  expect(subscribed).toBe(0);
  const values: number[] = [];
  timed.subscribe((v) => values.push(v));
  expect(await registry.getSampleValue('load_seconds_count')).toBe(0);
  source.next(1);
  source.complete();
  expect(values).toEqual([1]);
  expect(await registry.getSampleValue('load_seconds_count')).toBe(1);
});

test('gauge.trackInProgress() holds a generator in progress until it is exhausted', async () => {
  const gauge = new Gauge({ name: 'exports_running', help: 'h', registers: [registry] });
  function* rows() {
    yield 1;
    yield 2;
  }
  const tracked = gauge.trackInProgress(() => rows());
  expect(await registry.getSampleValue('exports_running')).toBe(1);
  expect([...tracked]).toEqual([1, 2]);
  expect(await registry.getSampleValue('exports_running')).toBe(0);
});

test('counter.countExceptions() counts an async generator that throws', async () => {
  const counter = new Counter({ name: 'stream_errors_total', help: 'h', registers: [registry] });
  async function* failing() {
    yield 1;
    throw new Error('broken stream');
  }
  const tracked = counter.countExceptions(() => failing());
  await expect(
    (async () => {
      for await (const _ of tracked);
    })(),
  ).rejects.toThrow('broken stream');
  expect(await registry.getSampleValue('stream_errors_total')).toBe(1);
});
