export type Timer = ReturnType<typeof setTimeout>;

/**
 * Lets the process exit while `timer` is pending: push delivery never keeps
 * an app alive on its own. Workers' timers have no unref() (nor need one).
 */
export function unref(timer: Timer): Timer {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
