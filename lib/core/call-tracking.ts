/**
 * Observes when a call really ends. Knows sync results and thenables; richer
 * result kinds (Observables, generators) hook in through `resultTrackers`.
 */
export interface CallHooks {
  /** Called exactly once when the call has ended, with the error if it failed. */
  end(error: unknown, failed: boolean): void;
}

export type ResultTracker = (
  result: unknown,
  hooks: CallHooks,
) => { handled: true; result: unknown } | undefined;

const resultTrackers: ResultTracker[] = [];

/** Lets higher layers teach every tracked call about another kind of result. */
export function addResultTracker(tracker: ResultTracker): void {
  if (!resultTrackers.includes(tracker)) resultTrackers.unshift(tracker);
}

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

/** Reports the end of a call that returned `result`, now or, for a deferred result, later. */
export function trackResult(result: unknown, hooks: CallHooks): unknown {
  // Primitives (numbers, strings, undefined from void methods) end now; only objects need the trackers.
  if (result === null || (typeof result !== 'object' && typeof result !== 'function')) {
    safeEnd(hooks, undefined, false);
    return result;
  }
  // Indexed: this runs on every decorated call.
  for (let i = 0; i < resultTrackers.length; i++) {
    const tracked = resultTrackers[i](result, hooks);
    if (tracked) return tracked.result;
  }
  if (isThenable(result)) {
    // Observe on a side branch and hand back the caller's own promise, so its
    // identity, type and rejection behaviour stay exactly as they were.
    result.then(
      () => safeEnd(hooks, undefined, false),
      (error) => safeEnd(hooks, error, true),
    );
    return result;
  }
  safeEnd(hooks, undefined, false);
  return result;
}

/** A failing measurement must never replace the application's own result or error. */
export function safeEnd(hooks: CallHooks, error: unknown, failed: boolean): void {
  try {
    hooks.end(error, failed);
  } catch (hookError) {
    reportInstrumentationError(hookError);
  }
}

let reporter: (error: unknown) => void = () => {};

/** Where failures inside instrumentation go; the decorators layer installs a reporter. */
export function setInstrumentationErrorReporter(fn: (error: unknown) => void): void {
  reporter = fn;
}

export function reportInstrumentationError(error: unknown): void {
  try {
    reporter(error);
  } catch {
    // A broken reporter must not reach the application either.
  }
}
