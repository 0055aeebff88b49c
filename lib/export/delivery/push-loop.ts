import type { EncodedPayload } from './payload';
import type { PushSender } from './push-sender';

/** What one collection gives: payloads to send, in order (none when there was nothing to send). */
export type Collected = EncodedPayload | readonly EncodedPayload[] | undefined;

export interface PushLoopOptions {
  readonly sender: PushSender;
  /** Seconds between the starts of two collections. */
  readonly intervalSeconds: number;
  /** Collects and encodes the metrics. */
  readonly collect: () => Collected | Promise<Collected>;
  /** The last collection, run by stop() (one that adds stale markers, say); `collect` by default. */
  readonly finalCollect?: () => Collected | Promise<Collected>;
  /** How long stop() waits for the last payloads to be delivered, in milliseconds (default 10 s). */
  readonly stopTimeoutMs?: number;
}

export interface PushLoop {
  /** Collects now (after a collection under way) and resolves true once everything queued is delivered. */
  flush(timeoutMs?: number): Promise<boolean>;
  /**
   * Stops the timer, runs the final collection, and resolves true once
   * everything is delivered, false once `stopTimeoutMs` has passed (what was
   * left is dropped and counted). Safe to call twice.
   */
  stop(): Promise<boolean>;
}

export const DEFAULT_STOP_TIMEOUT_MS = 10_000;

/**
 * Collects, encodes and queues every `intervalSeconds`. Collections never
 * overlap: a tick that comes while one is under way is skipped. The timer
 * never keeps the process alive, and a collection that throws is reported to
 * the sender's warning logger, never to the app.
 */
export function startPushLoop(options: PushLoopOptions): PushLoop {
  const { sender, intervalSeconds } = options;
  if (!(typeof intervalSeconds === 'number' && intervalSeconds > 0 && Number.isFinite(intervalSeconds))) {
    throw new TypeError(
      `promkit ${sender.remoteName}: intervalSeconds must be a number of seconds above 0, got ${String(intervalSeconds)}`,
    );
  }
  const intervalMs = intervalSeconds * 1000;
  let running: Promise<void> | undefined;
  let stopping: Promise<boolean> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const enqueue = async (collect: () => Collected | Promise<Collected>) => {
    try {
      const collected = await collect();
      const payloads = collected === undefined ? [] : Array.isArray(collected) ? collected : [collected];
      for (const payload of payloads as readonly EncodedPayload[]) void sender.send(payload);
    } catch (error) {
      sender.warn('collecting metrics to push failed; trying again at the next interval', error);
    }
  };

  /** Runs `collect` after the collection under way, if any: never two at once. */
  const collectOnce = (collect: () => Collected | Promise<Collected>): Promise<void> => {
    const run = (running ?? Promise.resolve()).then(() => enqueue(collect));
    const current = run.finally(() => {
      if (running === current) running = undefined;
    });
    running = current;
    return current;
  };

  let next = Date.now() + intervalMs;
  const schedule = () => {
    // Ticks keep to the interval's grid; a late one moves to the next grid point instead of bunching up.
    const now = Date.now();
    while (next <= now) next += intervalMs;
    timer = setTimeout(tick, next - now);
    (timer as { unref?: () => void }).unref?.();
  };
  const tick = () => {
    if (stopping) return;
    if (running === undefined) void collectOnce(options.collect);
    schedule();
  };
  schedule();

  return {
    async flush(timeoutMs?: number) {
      if (stopping) return stopping;
      await collectOnce(options.collect);
      return sender.flush(timeoutMs);
    },
    stop() {
      stopping ??= (async () => {
        clearTimeout(timer);
        await collectOnce(options.finalCollect ?? options.collect);
        return sender.close(options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
      })();
      return stopping;
    },
  };
}
