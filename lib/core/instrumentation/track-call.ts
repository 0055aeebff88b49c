import type { CallHooks } from './call-hooks';
import { trackGenerator } from './generator-tracker';
import { trackObservable } from './observable-tracker';
import { safeEnd } from './safe-end';

function isThenable(value: object): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Calls `fn` and reports its end through `hooks`. Errors from the call are
 * rethrown untouched and what `fn` returns reaches the caller unchanged.
 */
export function trackCall<R>(fn: () => R, hooks: CallHooks): R {
  let result: R;
  try {
    result = fn();
  } catch (error) {
    safeEnd(hooks, error, true);
    throw error;
  }
  return trackResult(result, hooks) as R;
}

/**
 * Reports the end of a call that returned `result`: now, or for a deferred
 * result (generator, Observable, thenable) when it has really ended. Returns
 * what the caller gets: the result itself, or a stand-in that measures it.
 */
export function trackResult(result: unknown, hooks: CallHooks): unknown {
  // Primitives (numbers, strings, undefined from void methods) end now; only objects can be deferred.
  if (result === null || (typeof result !== 'object' && typeof result !== 'function')) {
    safeEnd(hooks, undefined, false, result);
    return result;
  }
  const tracked = trackGenerator(result, hooks) ?? trackObservable(result, hooks);
  if (tracked !== undefined) return tracked;
  if (isThenable(result)) {
    // Observe on a side branch and hand back the caller's own promise, so its
    // identity, type and rejection behaviour stay exactly as they were.
    result.then(
      (value) => safeEnd(hooks, undefined, false, value),
      (error) => safeEnd(hooks, error, true),
    );
    return result;
  }
  safeEnd(hooks, undefined, false, result);
  return result;
}
