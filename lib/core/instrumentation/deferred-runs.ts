import type { CallHooks, DeferrableCallHooks } from './call-hooks';
import { safeEnd } from './safe-end';

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
    end(error, failed, value) {
      if (endedHooks.has(hooks)) return;
      endedHooks.add(hooks);
      safeEnd(hooks, error, failed, value);
    },
  };
}
