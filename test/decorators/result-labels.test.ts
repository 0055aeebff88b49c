import 'reflect-metadata';
import { Counted, MetricConfigError, Registry, Timed, TrackInProgress } from 'promkit';
import { lastValueFrom, of } from 'rxjs';
import { setInstrumentationErrorLogger } from '../../lib/core';

interface Order {
  id: number;
  status: 'open' | 'shipped';
}

async function counts(registry: Registry, name: string): Promise<Record<string, number>> {
  const samples = await registry.getSamples({ names: [name] });
  return Object.fromEntries(
    samples.filter((s) => s.name === name).map((s) => [JSON.stringify(s.labels), s.value]),
  );
}

function makeOrders(registry: Registry) {
  const byStatus = {
    registry,
    name: 'orders_by_status_total',
    labelNames: ['status', 'source'],
    labelsFrom: (args: [string?], _self: Orders, order: Order | undefined, error: unknown) => ({
      status: order?.status ?? (error instanceof Error ? error.message : 'none'),
      source: args[0] ?? 'direct',
    }),
  };
  class Orders {
    @Counted(byStatus)
    sync(_source: string, status: Order['status']): Order {
      return { id: 1, status };
    }

    @Counted(byStatus)
    async promise(_source: string, status: Order['status'] | 'fail'): Promise<Order> {
      await Promise.resolve();
      if (status === 'fail') throw new Error('rejected');
      return { id: 2, status };
    }

    @Counted(byStatus)
    stream(_source: string) {
      return of({ id: 3, status: 'open' } as Order, { id: 3, status: 'shipped' } as Order);
    }

    @Counted(byStatus)
    *steps(_source: string): Generator<number, Order> {
      yield 1;
      return { id: 4, status: 'shipped' };
    }
  }
  return new Orders();
}

describe('labelsFrom(args, self, result, error)', () => {
  let registry: Registry;
  beforeEach(() => {
    registry = new Registry();
  });

  it('labels a sync call by what it returned', async () => {
    makeOrders(registry).sync('api', 'open');
    expect(await counts(registry, 'orders_by_status_total')).toEqual({
      '{"status":"open","source":"api","result":"success"}': 1,
    });
  });

  it('labels a promise by what it resolved to, and a rejection by its error with no result', async () => {
    const orders = makeOrders(registry);
    await orders.promise('api', 'shipped');
    await expect(orders.promise('api', 'fail')).rejects.toThrow('rejected');
    expect(await counts(registry, 'orders_by_status_total')).toEqual({
      '{"status":"shipped","source":"api","result":"success"}': 1,
      '{"status":"rejected","source":"api","result":"failure"}': 1,
    });
  });

  it("labels an Observable's subscription by its last value, and a generator by its return value", async () => {
    const orders = makeOrders(registry);
    expect(await lastValueFrom(orders.stream('queue'))).toEqual({ id: 3, status: 'shipped' });
    expect([...orders.steps('batch')]).toEqual([1]);
    expect(await counts(registry, 'orders_by_status_total')).toEqual({
      '{"status":"shipped","source":"queue","result":"success"}': 1,
      '{"status":"shipped","source":"batch","result":"success"}': 1,
    });
  });

  it('is called once per call, when the call has ended', async () => {
    const seen: unknown[] = [];
    class Slow {
      @Timed({
        registry,
        name: 'slow_seconds',
        labelNames: ['size'],
        labelsFrom: (_args, _self, result: string | undefined) => {
          seen.push(result);
          return { size: String(result?.length ?? 0) };
        },
      })
      async load(): Promise<string> {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return 'abcd';
      }
    }
    const pending = new Slow().load();
    expect(seen).toEqual([]);
    await pending;
    expect(seen).toEqual(['abcd']);
    const samples = await registry.getSamples({ names: ['slow_seconds'] });
    expect(samples.find((s) => s.name === 'slow_seconds_count')).toMatchObject({
      labels: { size: '4' },
      value: 1,
    });
  });

  it('that fails at the end leaves the result to the caller and reports the failure', async () => {
    const logged: unknown[] = [];
    setInstrumentationErrorLogger((_message, error) => logged.push(error));
    try {
      class Flaky {
        @Counted({
          registry,
          name: 'flaky_total',
          labelNames: ['kind'],
          labelsFrom: (_args, _self, result: { kind: unknown }) => ({ kind: result.kind as string }),
        })
        async get(): Promise<{ kind: unknown }> {
          return { kind: {} };
        }
      }
      await expect(new Flaky().get()).resolves.toEqual({ kind: {} });
      expect(await counts(registry, 'flaky_total')).toEqual({});
      expect(String(logged[0])).toContain(
        'Metric "flaky_total": labelsFrom returned object for label "kind"',
      );
    } finally {
      setInstrumentationErrorLogger(undefined);
    }
  });

  it('is refused by @TrackInProgress, which picks its series when the call starts', () => {
    expect(() => {
      class Gauged {
        @TrackInProgress({
          registry,
          name: 'gauged_in_progress',
          labelNames: ['kind'],
          labelsFrom: (_args, _self, result: string) => ({ kind: result }),
        })
        run(): string {
          return 'x';
        }
      }
      return Gauged;
    }).toThrow(
      new MetricConfigError(
        '@TrackInProgress on Gauged.run: metric "gauged_in_progress": labelsFrom cannot use the result here: this decorator picks its series when the call starts',
      ),
    );
  });
});
