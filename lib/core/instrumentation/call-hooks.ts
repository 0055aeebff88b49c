/** Observes when a call really ends. */
export interface CallHooks {
  /**
   * Called exactly once when the call has ended, with the error if it failed,
   * else its settled value: what it returned, what its promise resolved to,
   * a generator's return value or an Observable's last value.
   */
  end(error: unknown, failed: boolean, value?: unknown): void;
}

/**
 * Hooks for a call whose result does its work later, perhaps several times:
 * an Observable runs once per subscription, a generator when iterated.
 * Decorated calls provide these; `time()` / `trackInProgress()` give plain hooks.
 */
export interface DeferrableCallHooks extends CallHooks {
  /** Nothing has run yet: take back what was started when the method was called. */
  defer(): void;
  /** Starts measuring one run of the deferred result. */
  beginRun(): CallHooks;
}
