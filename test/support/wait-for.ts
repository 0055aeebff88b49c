import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** What is awaited, for the timeout message. */
  readonly what: string;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Returns a reason to stop waiting at once (e.g. the awaited process died), or undefined. */
  readonly giveUp?: () => string | undefined;
}

/**
 * Polls `check` until it returns something other than undefined, and returns
 * that. On timeout the error names what was awaited and the last reason
 * `check` gave (its thrown error or `describeFailure`), so a red test says why.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  options: WaitOptions,
  describeFailure: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = '';
  for (;;) {
    const fatal = options.giveUp?.();
    if (fatal !== undefined) throw new Error(`Gave up waiting for ${options.what}: ${fatal}`);
    try {
      const result = await check();
      if (result !== undefined) return result;
      lastError = describeFailure();
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `Timed out after ${options.timeoutMs} ms waiting for ${options.what}${lastError ? `: ${lastError}` : ''}`,
      );
    }
    await sleep(options.intervalMs ?? 200);
  }
}

/**
 * Resolves once `read()` gives `expected` (compared as JSON), within 5 s; the
 * failure message shows the last value read. For values a request updates a
 * tick after its response was read (an HTTP measurement ends on 'close').
 */
export function eventually<T>(read: () => Promise<T>, expected: T): Promise<T> {
  let last: T | undefined;
  return waitFor(
    async () => {
      last = await read();
      return JSON.stringify(last) === JSON.stringify(expected) ? last : undefined;
    },
    { what: `the value ${JSON.stringify(expected)}`, timeoutMs: 5000, intervalMs: 20 },
    () => `last read ${JSON.stringify(last)}`,
  );
}
