import type { Collector } from '../collector';
import { realClearTimeout, realSetTimeout } from '../real-timers';

/**
 * An asynchronous `collect()` still running. Scrapes that need the collector
 * meanwhile wait on this call instead of starting another, so a slow or hung
 * collector is never called again and again; each scrape waits only until its
 * own deadline and then stops listening, so a call that never settles holds
 * nothing of the scrapes that gave up on it.
 */
export class RunningCollect {
  settled = false;
  failed = false;
  value: unknown = undefined;
  private readonly waiters = new Set<() => void>();

  constructor(promise: PromiseLike<unknown>) {
    promise.then(
      (value) => this.settle(false, value),
      (error) => this.settle(true, error),
    );
  }

  private settle(failed: boolean, value: unknown): void {
    this.settled = true;
    this.failed = failed;
    this.value = value;
    for (const waiter of this.waiters) waiter();
    this.waiters.clear();
  }

  /** Calls `onSettled` once this call settles, unless `stopWaiting` was called first. */
  wait(onSettled: () => void): () => void {
    if (this.settled) {
      onSettled();
      return () => {};
    }
    this.waiters.add(onSettled);
    return () => this.waiters.delete(onSettled);
  }
}

const running = new WeakMap<Collector, RunningCollect>();

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

/**
 * Starts `collect()`, or joins the call already running. Returns a synchronous
 * collector's output as is; throws what a synchronous collector throws.
 */
export function startCollect(collector: Collector): unknown {
  const current = running.get(collector);
  if (current !== undefined && !current.settled) return current;
  const out: unknown = collector.collect();
  if (!isThenable(out)) return out;
  const call = new RunningCollect(out);
  if (!call.settled) {
    running.set(collector, call);
    call.wait(() => {
      if (running.get(collector) === call) running.delete(collector);
    });
  }
  return call;
}

/**
 * Resolves once every call has settled or `timeoutMs` has passed, whichever is
 * first. Node's own timers: fake timers in users' tests must not stall a scrape.
 */
export function waitForCalls(calls: readonly RunningCollect[], timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    let left = calls.length;
    const stops: Array<() => void> = [];
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (timer !== undefined) realClearTimeout(timer);
      for (const stop of stops) stop();
      resolve();
    };
    for (const call of calls) {
      stops.push(
        call.wait(() => {
          if (--left === 0) finish();
        }),
      );
    }
    if (left > 0 && Number.isFinite(timeoutMs) && timeoutMs > 0) timer = realSetTimeout(finish, timeoutMs);
  });
}
