/** What `setTimeout`/`setInterval` return: an object on Node, Bun and Deno, a number on Workers. */
export type Timer = ReturnType<typeof setTimeout>;

/**
 * Lets the process exit while `timer` is pending: metrics code never keeps an
 * app alive on its own. Workers' timers are numbers, with no unref() (nor need of one).
 */
export function unrefTimer<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
