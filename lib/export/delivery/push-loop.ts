import {
  anyFunction,
  checkOptions,
  instanceOf,
  isPlainObject,
  MetricConfigError,
  numberRule,
  shape,
  type Timer,
  timerWait,
  unrefTimer,
} from '../../core';
import type { DeliveryResult, EncodedPayload } from './payload';
import { PushSender } from './push-sender';

/** What one collection gives: payloads to send, in order (none when there was nothing to send). */
export type Collected = EncodedPayload | readonly EncodedPayload[] | undefined;

export interface PushLoopOptions {
  /** Where payloads go; stop() closes it. */
  readonly sender: PushSender;
  /** Seconds between the starts of two collections. */
  readonly intervalSeconds: number;
  /** Collects and encodes the metrics. */
  readonly collect: () => Collected | Promise<Collected>;
  /** The last collection, run by stop() (one that adds stale markers, say); `collect` by default. */
  readonly finalCollect?: () => Collected | Promise<Collected>;
  /** How each payload ended (the receiver's answer and headers included). */
  readonly onResult?: (result: DeliveryResult) => void;
  /** How long stop() may take, last collection included, in milliseconds (default 10 s). */
  readonly stopTimeoutMs?: number;
}

export interface PushLoop {
  /**
   * Collects now (after a collection under way) and resolves true once
   * everything queued is delivered, false when `timeoutMs` passes first.
   */
  flush(timeoutMs?: number): Promise<boolean>;
  /**
   * Stops the timer, runs the final collection, and resolves true once
   * everything is delivered, false once `stopTimeoutMs` has passed (what was
   * left is dropped and counted). Safe to call twice.
   */
  stop(): Promise<boolean>;
}

export const DEFAULT_STOP_TIMEOUT_MS = 10_000;

const RULES = shape<PushLoopOptions>({
  sender: instanceOf(PushSender),
  intervalSeconds: timerWait('seconds'),
  collect: anyFunction,
  finalCollect: anyFunction,
  onResult: anyFunction,
  stopTimeoutMs: numberRule({ min: 0 }),
});

/** The options, checked: a wrong one throws a MetricConfigError naming it and what it must be. */
function checkPushLoopOptions(options: PushLoopOptions): PushLoopOptions {
  const sender = (options as Partial<PushLoopOptions> | undefined)?.sender;
  const owner = `promkit ${sender instanceof PushSender ? sender.remoteName : 'push'} loop`;
  for (const key of ['sender', 'intervalSeconds', 'collect'] as const) {
    if (isPlainObject(options) && options[key] === undefined) {
      throw new MetricConfigError(`${owner}: the option ${key} is required`);
    }
  }
  return checkOptions<PushLoopOptions>(owner, RULES, options);
}

type Collect = () => Collected | Promise<Collected>;

/** Resolves true when `work` ends within `ms`, false when the time runs out first (work goes on). */
function within(work: Promise<void>, ms: number): Promise<boolean> {
  if (!Number.isFinite(ms)) return work.then(() => true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), Math.max(0, ms));
    void work.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Collects, encodes and queues every `intervalSeconds`. Collections never
 * overlap: a tick that comes while one is under way is skipped. The timer
 * never keeps the process alive, and a collection that throws is reported to
 * the sender's warning logger, never to the app.
 */
export function startPushLoop(options: PushLoopOptions): PushLoop {
  const { sender, intervalSeconds, onResult } = checkPushLoopOptions(options);
  const intervalMs = intervalSeconds * 1000;
  let running: Promise<void> | undefined;
  let runningSince = 0;
  let slowSaid = false;
  let stopping: Promise<boolean> | undefined;
  let timer: Timer | undefined;

  const report = (result: DeliveryResult) => {
    try {
      onResult?.(result);
    } catch (error) {
      sender.warn('the push loop onResult callback threw', error);
    }
  };

  const enqueue = async (collect: Collect) => {
    try {
      const collected = await collect();
      const payloads = collected === undefined ? [] : Array.isArray(collected) ? collected : [collected];
      for (const payload of payloads as readonly EncodedPayload[]) void sender.send(payload).then(report);
    } catch (error) {
      sender.warn('collecting metrics to push failed; trying again at the next interval', error);
    }
  };

  /** Runs `collect` after the collection under way, if any: never two at once. */
  const collectOnce = (collect: Collect): Promise<void> => {
    const run = (running ?? Promise.resolve()).then(() => {
      runningSince = Date.now();
      return enqueue(collect);
    });
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
    timer = unrefTimer(setTimeout(tick, next - now));
  };
  const tick = () => {
    if (stopping) return;
    if (running === undefined) void collectOnce(options.collect);
    else if (!slowSaid && Date.now() - runningSince > 10 * intervalMs) {
      slowSaid = true;
      sender.warn(
        `a collection has been running for ${Math.round((Date.now() - runningSince) / 1000)} s; ` +
          'collections are skipped until it ends',
      );
    }
    schedule();
  };
  schedule();

  return {
    async flush(timeoutMs = Infinity) {
      if (stopping) return stopping;
      const deadline = Date.now() + timeoutMs;
      if (!(await within(collectOnce(options.collect), timeoutMs))) return false;
      return sender.flush(deadline - Date.now());
    },
    stop() {
      stopping ??= (async () => {
        clearTimeout(timer);
        const timeoutMs = options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
        const deadline = Date.now() + timeoutMs;
        const collected = await within(collectOnce(options.finalCollect ?? options.collect), timeoutMs);
        const delivered = await sender.close(Math.max(0, deadline - Date.now()));
        return collected && delivered;
      })();
      return stopping;
    },
  };
}
