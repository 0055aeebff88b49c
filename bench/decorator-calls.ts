import { Observed, Registry, Timed } from '../lib';
import {
  fresh,
  measureSideBySide,
  measureSideBySideAsync,
  performanceNowPairs,
  type SideBySide,
} from './harness';

/**
 * The calls the decorators section measures: one method bare, under
 * `@Timed` and under `@Observed`, sync and async, side by side in the
 * process that calls `measureDecorators` (the section's own, or the child
 * where `@opentelemetry/api` is hidden).
 */

const SYNC_CALLS = 2_000_000;
const ASYNC_CALLS = 200_000;

function services() {
  const registry = new Registry();
  class Bare {
    add(a: number, b: number): number {
      return a + b;
    }
    async addLater(a: number, b: number): Promise<number> {
      return a + b;
    }
  }
  class Decorated {
    @Timed({ registry, name: 'bench_add_seconds' })
    add(a: number, b: number): number {
      return a + b;
    }
    @Timed({ registry, name: 'bench_add_later_seconds' })
    async addLater(a: number, b: number): Promise<number> {
      return a + b;
    }
  }
  class WithObserved {
    @Observed({ registry, name: 'bench.add' })
    add(a: number, b: number): number {
      return a + b;
    }
    @Observed({ registry, name: 'bench.add_later' })
    async addLater(a: number, b: number): Promise<number> {
      return a + b;
    }
  }
  return { bare: new Bare(), decorated: new Decorated(), observed: new WithObserved() };
}

type Service = ReturnType<typeof services>['bare'];

/**
 * Each loop is compiled on its own (`fresh`): an app calls a decorated method
 * from call sites of its own, which V8 does not share with the bare method's.
 */
function syncLoop(service: Service) {
  return fresh((s: Service) => (n: number) => {
    let total = 0;
    for (let i = 0; i < n; i++) total = s.add(total, 1);
    if (total !== n) throw new Error('sync benchmark lost calls');
  })(service);
}

function asyncLoop(service: Service) {
  return fresh((s: Service) => async (n: number) => {
    let total = 0;
    for (let i = 0; i < n; i++) total = await s.addLater(total, 1);
    if (total !== n) throw new Error('async benchmark lost calls');
  })(service);
}

/** Bare, `@Timed` and `@Observed` calls, sync and async, side by side in this process. */
export async function measureDecorators(): Promise<{ sync: SideBySide; asyncs: SideBySide }> {
  const { bare, decorated, observed } = services();
  const sync = measureSideBySide(
    {
      // Any timer reads the clock twice per call; on some machines that alone is most of the budget.
      clockPair: performanceNowPairs,
      bare: syncLoop(bare),
      timed: syncLoop(decorated),
      observed: syncLoop(observed),
    },
    SYNC_CALLS,
  );
  const asyncs = await measureSideBySideAsync(
    { bare: asyncLoop(bare), timed: asyncLoop(decorated), observed: asyncLoop(observed) },
    ASYNC_CALLS,
  );
  return { sync, asyncs };
}
