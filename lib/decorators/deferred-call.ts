import type { CallHooks } from '../core';
import { safeEnd } from '../core/call-tracking';

/**
 * Hooks for a call whose result does its work later, perhaps several times:
 * an Observable runs once per subscription, a generator when iterated.
 * Decorators provide these; core's `time()` / `trackInProgress()` give plain hooks.
 */
export interface DeferrableCallHooks extends CallHooks {
  /** Nothing has run yet: take back what was started when the method was called. */
  defer(): void;
  /** Starts measuring one run of the deferred result. */
  beginRun(): CallHooks;
}

function isDeferrable(hooks: CallHooks): hooks is DeferrableCallHooks {
  const candidate = hooks as Partial<DeferrableCallHooks>;
  return typeof candidate.defer === 'function' && typeof candidate.beginRun === 'function';
}

/**
 * Returns a function giving the hooks for each run of a deferred result.
 * Plain hooks measure a single call, so there the first run to end reports it.
 */
export function runsOf(hooks: CallHooks): () => CallHooks {
  if (isDeferrable(hooks)) {
    hooks.defer();
    return () => hooks.beginRun();
  }
  return () => endingOnce(hooks);
}

const endedHooks = new WeakSet<CallHooks>();

function endingOnce(hooks: CallHooks): CallHooks {
  return {
    end(error, failed) {
      if (endedHooks.has(hooks)) return;
      endedHooks.add(hooks);
      safeEnd(hooks, error, failed);
    },
  };
}
