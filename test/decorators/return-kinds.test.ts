import 'reflect-metadata';
import { Counted, Registry, Timed, TrackInProgress } from 'promkit';
import { Observable, Subject } from 'rxjs';

/** A service whose methods return every kind of result, measured by three decorators. */
function makeService(registry: Registry) {
  const names = { labelNames: ['method'] as string[] };
  @TrackInProgress({ registry, name: 'work_in_progress', ...names })
  @Counted({ registry, name: 'work_calls_total', ...names })
  @Timed({ registry, name: 'work_duration_seconds', ...names })
  class Work {
    sync(fail: boolean): string {
      if (fail) throw new TypeError('sync failure');
      return 'ok';
    }

    async promise(gate: Promise<void>, fail: boolean): Promise<string> {
      await gate;
      if (fail) throw new RangeError('async failure');
      return 'ok';
    }

    /** A thenable that is not a Promise, settled by the test through `settle`. */
    thenable(settle: { resolve?: (v: string) => void; reject?: (e: unknown) => void }): PromiseLike<string> {
      const settled = new Promise<string>((resolve, reject) => {
        settle.resolve = resolve;
        settle.reject = reject;
      });
      return {
        // biome-ignore lint/suspicious/noThenProperty: a hand-made thenable is the point of this method
        then: (onFulfilled, onRejected) => settled.then(onFulfilled, onRejected),
      } as PromiseLike<string>;
    }

    stream(source: Observable<number>): Observable<number> {
      return source;
    }

    *numbers(count: number, failAt = -1): Generator<number, string> {
      for (let i = 0; i < count; i++) {
        if (i === failAt) throw new Error('generator failure');
        yield i;
      }
      return 'done';
    }

    async *asyncNumbers(count: number, failAt = -1): AsyncGenerator<number, string> {
      for (let i = 0; i < count; i++) {
        await Promise.resolve();
        if (i === failAt) throw new SyntaxError('async generator failure');
        yield i;
      }
      return 'done';
    }
  }
  return new Work();
}

async function readings(registry: Registry, method: string) {
  return {
    running: await registry.getSampleValue('work_in_progress', { method }),
    ok: await registry.getSampleValue('work_calls_total', { method, result: 'success' }),
    failed: await registry.getSampleValue('work_calls_total', { method, result: 'failure' }),
    timed: await registry.getSampleValue('work_duration_seconds_count', { method }),
  };
}

describe('what "the call really ends" means for each kind of result', () => {
  let registry: Registry;
  let work: ReturnType<typeof makeService>;
  beforeEach(() => {
    registry = new Registry();
    work = makeService(registry);
  });

  test('sync return and throw end at once; the error is rethrown untouched', async () => {
    expect(work.sync(false)).toBe('ok');
    let thrown: unknown;
    try {
      work.sync(true);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toBe('sync failure');
    expect(await readings(registry, 'sync')).toEqual({ running: 0, ok: 1, failed: 1, timed: 2 });
  });

  test('a Promise is in progress until it settles', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const pending = work.promise(gate, false);
    const failing = work.promise(gate, true);
    expect(pending).toBeInstanceOf(Promise);
    expect(await readings(registry, 'promise')).toMatchObject({ running: 2, ok: 0 });
    open();
    await expect(pending).resolves.toBe('ok');
    await expect(failing).rejects.toThrow(RangeError);
    expect(await readings(registry, 'promise')).toEqual({ running: 0, ok: 1, failed: 1, timed: 2 });
  });

  test('any thenable is followed until it settles', async () => {
    const first: { resolve?: (v: string) => void } = {};
    const second: { reject?: (e: unknown) => void } = {};
    const ok = work.thenable(first);
    const bad = work.thenable(second);
    expect((await readings(registry, 'thenable')).running).toBe(2);
    first.resolve!('fine');
    second.reject!(new Error('nope'));
    await expect(ok).resolves.toBe('fine');
    await expect(bad).rejects.toThrow('nope');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await readings(registry, 'thenable')).toEqual({ running: 0, ok: 1, failed: 1, timed: 2 });
  });

  describe('Observables', () => {
    test('nothing is subscribed or measured until the caller subscribes (laziness is kept)', async () => {
      let subscriptions = 0;
      const source = new Observable<number>((subscriber) => {
        subscriptions++;
        subscriber.next(1);
        subscriber.complete();
      });
      const result = work.stream(source);
      expect(result).toBeInstanceOf(Observable);
      expect(subscriptions).toBe(0);
      expect(await readings(registry, 'stream')).toEqual({ running: 0, ok: 0, failed: 0, timed: 0 });
    });

    test('each subscription is measured from subscribe until complete', async () => {
      const source = new Subject<number>();
      const observable = work.stream(source.asObservable());
      const seenA: number[] = [];
      const seenB: number[] = [];
      observable.subscribe((v) => seenA.push(v));
      observable.subscribe((v) => seenB.push(v));
      expect((await readings(registry, 'stream')).running).toBe(2);
      source.next(7);
      source.complete();
      expect(seenA).toEqual([7]);
      expect(seenB).toEqual([7]);
      expect(await readings(registry, 'stream')).toEqual({ running: 0, ok: 2, failed: 0, timed: 2 });
    });

    test('an error ends the subscription as a failure and reaches the subscriber unchanged', async () => {
      const failure = new Error('stream failure');
      const received: unknown[] = [];
      work
        .stream(new Observable<number>((subscriber) => subscriber.error(failure)))
        .subscribe({ error: (error) => received.push(error) });
      expect(received).toEqual([failure]);
      expect(await readings(registry, 'stream')).toEqual({ running: 0, ok: 0, failed: 1, timed: 1 });
    });

    test('unsubscribing ends the measurement and tears down the source', async () => {
      let tornDown = false;
      const source = new Observable<number>(() => () => {
        tornDown = true;
      });
      const subscription = work.stream(source).subscribe();
      expect((await readings(registry, 'stream')).running).toBe(1);
      subscription.unsubscribe();
      expect(tornDown).toBe(true);
      expect(await readings(registry, 'stream')).toEqual({ running: 0, ok: 1, failed: 0, timed: 1 });
    });

    test('a source that throws while subscribing ends the run as a failure', async () => {
      const broken = Object.assign(Object.create(Observable.prototype), {
        subscribe() {
          throw new Error('cannot subscribe');
        },
      });
      const received: unknown[] = [];
      work.stream(broken).subscribe({ error: (error) => received.push(error) });
      expect(String(received[0])).toContain('cannot subscribe');
      expect(await readings(registry, 'stream')).toEqual({ running: 0, ok: 0, failed: 1, timed: 1 });
    });

    test('a Subject is returned as it is, so the caller can still call next() on it', () => {
      const subject = new Subject<number>();
      expect(work.stream(subject)).toBe(subject);
    });
  });

  describe('generators', () => {
    test('in progress from the first next() until exhausted, with the return value kept', async () => {
      const iterator = work.numbers(2);
      expect(Object.prototype.toString.call(iterator)).toBe('[object Generator]');
      expect((await readings(registry, 'numbers')).running).toBe(0);
      expect(iterator.next()).toEqual({ value: 0, done: false });
      expect((await readings(registry, 'numbers')).running).toBe(1);
      expect([...{ [Symbol.iterator]: () => iterator }]).toEqual([1]);
      expect(await readings(registry, 'numbers')).toEqual({ running: 0, ok: 1, failed: 0, timed: 1 });
      const again = work.numbers(1);
      again.next();
      expect(again.next()).toEqual({ value: 'done', done: true });
    });

    test('an early return ends it as a success; a throw inside ends it as a failure', async () => {
      const early = work.numbers(5);
      early.next();
      expect(early.return('stopped')).toEqual({ value: 'stopped', done: true });
      const failing = work.numbers(5, 1);
      failing.next();
      expect(() => failing.next()).toThrow('generator failure');
      const thrownInto = work.numbers(5);
      thrownInto.next();
      expect(() => thrownInto.throw(new Error('from caller'))).toThrow('from caller');
      expect(await readings(registry, 'numbers')).toEqual({ running: 0, ok: 1, failed: 2, timed: 3 });
    });

    test('async generators: exhausted, returned early and failing', async () => {
      const all: number[] = [];
      for await (const n of work.asyncNumbers(3)) all.push(n);
      expect(all).toEqual([0, 1, 2]);
      for await (const n of work.asyncNumbers(3)) if (n === 0) break;
      const failing = work.asyncNumbers(3, 1);
      await failing.next();
      await expect(failing.next()).rejects.toThrow(SyntaxError);
      const inFlight = work.asyncNumbers(3);
      await inFlight.next();
      expect((await readings(registry, 'asyncNumbers')).running).toBe(1);
      await inFlight.return('cancelled');
      expect(await readings(registry, 'asyncNumbers')).toEqual({ running: 0, ok: 3, failed: 1, timed: 4 });
    });
  });
});
