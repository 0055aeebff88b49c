import { performance } from 'node:perf_hooks';
import { Registry, Timed } from '../lib';
import { formatNs, measure, measureAsync, type Row } from './harness';

/**
 * What `@Timed` adds to a call: the same method timed bare and decorated
 * (histogram, no labels, own registry), reported as ns per call added.
 * Targets: two clock reads (measured in the same run) + 50 ns sync, + 150 ns async.
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
  return { bare: new Bare(), decorated: new Decorated() };
}

type Service = ReturnType<typeof services>['bare'];

function syncLoop(service: Service) {
  return (n: number) => {
    let total = 0;
    for (let i = 0; i < n; i++) total = service.add(total, 1);
    if (total !== n) throw new Error('sync benchmark lost calls');
  };
}

function asyncLoop(service: Service) {
  return async () => {
    let total = 0;
    for (let i = 0; i < ASYNC_CALLS; i++) total = await service.addLater(total, 1);
    if (total !== ASYNC_CALLS) throw new Error('async benchmark lost calls');
  };
}

/** Any timer reads a monotonic clock twice per call; on some machines that alone is most of the budget. */
function clockPairLoop(n: number) {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    total += performance.now() - start;
  }
  if (total < 0) throw new Error('clock went backwards');
}

export async function runDecoratorBench(): Promise<Row[]> {
  const { bare, decorated } = services();
  const clockPair = measure(clockPairLoop, SYNC_CALLS).nsPerOp;
  const syncBare = measure(syncLoop(bare), SYNC_CALLS).nsPerOp;
  const syncTimed = measure(syncLoop(decorated), SYNC_CALLS).nsPerOp;
  const asyncBare = (await measureAsync(asyncLoop(bare))).nsPerOp / ASYNC_CALLS;
  const asyncTimed = (await measureAsync(asyncLoop(decorated))).nsPerOp / ASYNC_CALLS;
  const row = (operation: string, bareNs: number, timedNs: number, target: number): Row => ({
    operation,
    cells: {
      bare: formatNs(bareNs),
      '@Timed': formatNs(timedNs),
      added: formatNs(timedNs - bareNs),
      target: `<= ${formatNs(target)}`,
    },
    checks: [{ name: `${operation}: added`, actual: timedNs - bareNs, target, format: formatNs }],
  });
  return [
    row('@Timed on a sync method', syncBare, syncTimed, clockPair + 50),
    row('@Timed on an async method', asyncBare, asyncTimed, clockPair + 150),
    {
      operation: 'of which: two performance.now() reads',
      cells: { added: formatNs(clockPair) },
    },
  ];
}

export const DECORATOR_BENCH_COLUMNS = ['bare', '@Timed', 'added', 'target'];

if (require.main === module) {
  runDecoratorBench().then((rows) => {
    for (const { operation, cells } of rows) console.log(operation, cells);
  });
}
