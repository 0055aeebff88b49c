import type { WarningLogger } from '../../core';
import { getDefaultRegistry, type Timer, unrefTimer } from '../../core';
import { chooseTransport } from './choose-transport';
import { DeliveryError } from './delivery-error';
import { type DeliveryStats, trackDeliveries, urlLabel } from './delivery-metrics';
import { type DeliveryResult, type EncodedPayload, payloadProblem, type ResendHook } from './payload';
import { PayloadQueue, type QueueLimits } from './payload-queue';
import {
  checkPushSenderOptions,
  DEFAULT_MAX_PENDING_BYTES,
  DEFAULT_MAX_PENDING_SAMPLES,
  DEFAULT_TIMEOUT_MS,
  type PushSenderOptions,
} from './push-sender-options';
import {
  type BackoffLimits,
  backoffMs,
  DEFAULT_MAX_BACKOFF_MS,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_MIN_BACKOFF_MS,
  type RetryableStatus,
  retryAfterMs,
} from './retry-policy';
import type { DeliveryAnswer, DeliveryTransport } from './transport';

/** A payload may be replaced this many times (415 → re-encoded → ...) before its answer is final. */
const MAX_RESENDS = 3;

interface Entry {
  readonly payload: EncodedPayload;
  readonly body: Uint8Array;
  readonly samples: number;
  readonly bytes: number;
  attempts: number;
  resends: number;
  readonly settle: (result: DeliveryResult) => void;
}

const encoder = new TextEncoder();

/**
 * Delivers encoded payloads to one receiver, in order, one request at a time:
 * a bounded queue, retries with capped exponential backoff (and the
 * receiver's `Retry-After`), and `promkit_remote_storage_*` metrics in the
 * registry. Nothing it does throws into the app or keeps the process alive:
 * each `send()` resolves with how its payload ended, failures go to the
 * registry's warning logger.
 */
export class PushSender {
  readonly url: URL;
  readonly remoteName: string;
  private readonly urlText: string;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly timeoutMs: number;
  private readonly backoff: BackoffLimits;
  private readonly maxRetryAfterMs: number;
  private readonly retryable: RetryableStatus;
  private readonly resend: ResendHook | undefined;
  private readonly transport: DeliveryTransport;
  private readonly limits: QueueLimits;
  private readonly queue: PayloadQueue<Entry>;
  private readonly stats: DeliveryStats;
  private readonly release: () => void;
  private readonly logger: WarningLogger;
  private pumping = false;
  /** A request for the queue's head is under way: a full queue must not push that payload out. */
  private sending = false;
  private closed = false;
  /** Retryable failures in a row, of any payload: the backoff grows with them and a success resets them. */
  private failuresInARow = 0;
  private overflowSaid = false;
  private readonly idleWaiters = new Set<(idle: boolean) => void>();
  private wakeUp: (() => void) | undefined;

  constructor(options: PushSenderOptions) {
    const checked = checkPushSenderOptions(options);
    this.url = new URL(String(checked.url));
    this.remoteName = checked.remoteName;
    this.urlText = urlLabel(this.url);
    this.headers = { ...checked.headers };
    this.timeoutMs = checked.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.backoff = {
      minBackoffMs:
        checked.minBackoffMs ?? Math.min(DEFAULT_MIN_BACKOFF_MS, checked.maxBackoffMs ?? Infinity),
      maxBackoffMs: checked.maxBackoffMs ?? Math.max(DEFAULT_MAX_BACKOFF_MS, checked.minBackoffMs ?? 0),
    };
    this.maxRetryAfterMs = checked.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    this.retryable = checked.retryableStatus;
    this.resend = checked.resend;
    this.transport = chooseTransport(checked.transport, checked.requestOptions);
    this.limits = {
      maxPendingSamples: checked.maxPendingSamples ?? DEFAULT_MAX_PENDING_SAMPLES,
      maxPendingBytes: checked.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES,
    };
    this.queue = new PayloadQueue<Entry>(this.limits);
    const registry = checked.registry ?? getDefaultRegistry();
    this.logger = registry.scrapeState.warn;
    const tracked = trackDeliveries(registry, this.remoteName, this.url, this);
    this.stats = tracked.stats;
    this.release = tracked.release;
  }

  get pendingSamples(): number {
    return this.queue.samples;
  }

  get pendingBytes(): number {
    return this.queue.bytes;
  }

  get pendingPayloads(): number {
    return this.queue.length;
  }

  /** Tells the app, through the registry's warning logger, prefixed with the sender's name. */
  warn(message: string, error?: unknown): void {
    this.logger(`promkit ${this.remoteName}: ${message}`, error);
  }

  /**
   * Queues `payload` behind the others and resolves once it has been
   * delivered, refused for good or dropped. Never rejects.
   */
  send(payload: EncodedPayload): Promise<DeliveryResult> {
    return new Promise((settle) => {
      const entry = this.entry(payload, settle, 0);
      if (entry === undefined) return;
      if (this.closed) {
        this.drop([entry], 'closed');
        return;
      }
      if (!this.queue.fits(entry)) {
        this.stats.add('dropped', entry.samples);
        this.warn(
          `a payload of ${entry.samples} samples and ${entry.bytes} bytes is larger than the queue holds ` +
            `(${this.limitsText()}); it was dropped`,
        );
        settle({ outcome: 'dropped', reason: 'too-large', payload, attempts: 0 });
        return;
      }
      // The payload being sent stays: its answer decides how it ended.
      const dropped = this.queue.push(entry, this.sending ? 1 : 0) ?? [entry];
      if (dropped.length > 0) this.overflowed(dropped);
      void this.pump();
    });
  }

  /**
   * Resolves true once every queued payload has ended (delivered, refused or
   * dropped), false when `timeoutMs` passes first. A finite deadline keeps
   * the process alive until it passes; without one, nothing does.
   */
  flush(timeoutMs = Infinity): Promise<boolean> {
    if (this.queue.length === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      let deadline: Timer | undefined;
      const done = (idle: boolean) => {
        if (!this.idleWaiters.delete(done)) return;
        clearTimeout(deadline);
        resolve(idle);
      };
      this.idleWaiters.add(done);
      // The one timer that keeps the process alive, and only as long as the caller said it would wait.
      if (Number.isFinite(timeoutMs)) deadline = setTimeout(() => done(false), Math.max(0, timeoutMs));
    });
  }

  /**
   * Stops taking payloads, delivers what is queued within `timeoutMs`, then
   * drops the rest (counted) and stops reporting. Resolves true when
   * everything queued was delivered or refused. Safe to call twice.
   */
  async close(timeoutMs = 0): Promise<boolean> {
    const flushed = this.closed ? this.queue.length === 0 : await this.flush(timeoutMs);
    if (!this.closed) {
      this.closed = true;
      const left: Entry[] = [];
      for (let entry = this.queue.shift(); entry; entry = this.queue.shift()) left.push(entry);
      this.drop(left, 'closed');
      this.wakeUp?.();
      this.notifyIdle(left.length === 0);
      this.release();
    }
    return flushed;
  }

  private entry(
    payload: EncodedPayload,
    settle: (result: DeliveryResult) => void,
    attempts: number,
  ): Entry | undefined {
    const { body, samples } = payload ?? {};
    const problem = payloadProblem(payload);
    if (problem !== undefined) {
      const error = new TypeError(`promkit ${this.remoteName}: ${problem}`);
      this.warn(error.message);
      settle({ outcome: 'failed', error, payload, attempts });
      return undefined;
    }
    if (typeof body !== 'string') {
      return { payload, body, samples, bytes: body.byteLength, attempts, resends: 0, settle };
    }
    // Held once, as the bytes sent: the limit in bytes is then the memory the queue takes.
    const bytes = encoder.encode(body);
    return {
      payload: { ...payload, body: bytes },
      body: bytes,
      samples,
      bytes: bytes.byteLength,
      attempts,
      resends: 0,
      settle,
    };
  }

  private overflowed(entries: readonly Entry[]): void {
    this.drop(entries, 'overflow');
    if (this.overflowSaid) return;
    this.overflowSaid = true;
    this.warn(
      `the queue for ${this.urlText} is full (${this.limitsText()}): the oldest payloads are dropped ` +
        'and counted in promkit_remote_storage_samples_dropped_total until the receiver catches up',
    );
  }

  private drop(entries: readonly Entry[], reason: 'overflow' | 'closed'): void {
    for (const entry of entries) {
      this.stats.add('dropped', entry.samples);
      entry.settle({ outcome: 'dropped', reason, payload: entry.payload, attempts: entry.attempts });
    }
  }

  private limitsText(): string {
    return `maxPendingSamples ${this.limits.maxPendingSamples}, maxPendingBytes ${this.limits.maxPendingBytes}`;
  }

  /** Sends the queue's head until the queue is empty; one loop at a time, so payloads go in order. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let entry = this.queue.peek(); entry !== undefined && !this.closed; entry = this.queue.peek()) {
        await this.attempt(entry);
      }
    } catch (error) {
      this.warn('delivering payloads failed unexpectedly', error);
    } finally {
      this.pumping = false;
      this.notifyIdle();
    }
  }

  private async attempt(entry: Entry): Promise<void> {
    entry.attempts++;
    this.stats.add('bytes', entry.bytes);
    let answer: DeliveryAnswer | undefined;
    let failure: unknown;
    this.sending = true;
    try {
      answer = await this.transport.send({
        url: this.url,
        headers: { ...this.headers, ...entry.payload.headers },
        body: entry.body,
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      failure = error;
    } finally {
      this.sending = false;
    }
    // Dropped while in flight (close()): its place and its result are gone.
    if (this.queue.peek() !== entry) return;
    if (answer !== undefined && answer.status >= 200 && answer.status < 300)
      return this.delivered(entry, answer);
    if (answer !== undefined) {
      if (await this.resent(entry, answer)) return;
      if (!this.retryable(answer.status)) return this.refused(entry, answer);
    }
    await this.retryLater(entry, answer, failure);
  }

  private delivered(entry: Entry, answer: DeliveryAnswer): void {
    this.queue.shift();
    this.stats.add('sent', entry.samples);
    this.stats.lastSendSeconds = Date.now() / 1000;
    if (this.failuresInARow > 0) {
      this.warn(`delivering to ${this.urlText} again, after ${this.failuresInARow} failed attempts`);
    }
    this.failuresInARow = 0;
    this.overflowSaid = false;
    entry.settle({ outcome: 'delivered', answer, payload: entry.payload, attempts: entry.attempts });
  }

  /** Ends the queue's head as refused for good; `settle` false when its promise has been settled already. */
  private refused(
    entry: Entry,
    answer: DeliveryAnswer,
    error: Error = new DeliveryError(this.urlText, answer),
    settle = true,
  ): void {
    this.queue.shift();
    this.stats.add('failed', entry.samples);
    this.failuresInARow = 0;
    this.warn(
      `${error.message} (not retried; ${entry.samples} samples dropped, counted in promkit_remote_storage_samples_failed_total)`,
    );
    if (settle)
      entry.settle({ outcome: 'failed', error, answer, payload: entry.payload, attempts: entry.attempts });
  }

  /** Puts the hook's replacement in the refused payload's place; true when the answer was dealt with. */
  private async resent(entry: Entry, answer: DeliveryAnswer): Promise<boolean> {
    if (this.resend === undefined || entry.resends >= MAX_RESENDS) return false;
    let replacement: EncodedPayload | undefined;
    try {
      replacement = await this.resend(answer, entry.payload);
    } catch (error) {
      const message = `re-encoding the payload refused with ${answer.status} failed: ${String(error)}`;
      if (this.queue.peek() === entry) this.refused(entry, answer, new Error(message, { cause: error }));
      return true;
    }
    // Closed while the hook ran: the payload has been dropped already.
    if (this.queue.peek() !== entry) return true;
    if (replacement === undefined) return false;
    const next = this.entry(replacement, entry.settle, entry.attempts);
    if (next === undefined || !this.queue.fits(next)) {
      const why =
        next === undefined ? 'is not a payload' : `is larger than the queue holds (${this.limitsText()})`;
      this.refused(
        entry,
        answer,
        new Error(`the payload re-encoded after a ${answer.status} ${why}`),
        next !== undefined,
      );
      return true;
    }
    next.resends = entry.resends + 1;
    const dropped = this.queue.replaceHead(next);
    if (dropped.length > 0) this.overflowed(dropped);
    return true;
  }

  private async retryLater(
    entry: Entry,
    answer: DeliveryAnswer | undefined,
    failure: unknown,
  ): Promise<void> {
    this.failuresInARow++;
    this.stats.add('retried', entry.samples);
    if (this.failuresInARow === 1) {
      const why =
        answer === undefined ? String((failure as Error)?.message ?? failure) : `status ${answer.status}`;
      this.warn(`sending to ${this.urlText} failed (${why}); retrying with backoff while the queue holds`);
    }
    // Retry-After says "not before": a longer backoff still holds, so "Retry-After: 0" cannot make a busy loop.
    const fromReceiver = retryAfterMs(answer?.headers['retry-after'], this.maxRetryAfterMs) ?? 0;
    await this.sleep(Math.max(fromReceiver, backoffMs(this.failuresInARow, this.backoff)));
  }

  /** Waits `ms`, or less when the sender closes. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = unrefTimer(setTimeout(done, ms));
      this.wakeUp = done;
    });
  }

  /** Resolves the flushes waiting for an empty queue: `delivered` false when it was emptied by dropping. */
  private notifyIdle(delivered = true): void {
    if (this.queue.length > 0) return;
    for (const waiter of [...this.idleWaiters]) waiter(delivered);
  }
}
