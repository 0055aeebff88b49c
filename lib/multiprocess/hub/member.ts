import { onProcessExit } from '../exit-hooks';
import type { ProcessSnapshot } from '../snapshot';
import type { SnapshotTaker } from '../take-snapshot';
import { validateSnapshot } from '../validate-snapshot';
import { type HubMessage, MESSAGE_TAG, type MemberMessage } from './protocol';

/** How a member reaches its hub. */
export interface MemberTransport {
  /** Whether the hub can be reached at all (an IPC channel may be closed). */
  connected(): boolean;
  send(message: MemberMessage): void;
  /**
   * Sends a last message so that it has left before this returns, if the
   * transport can (`send` is used otherwise).
   */
  sendNow?(message: MemberMessage): boolean;
  /** Resolves once messages already sent have left, so a last one is not stuck behind them. */
  settle?(): Promise<void>;
  /** Calls `last` when the channel is about to close; returns the function that stops it. */
  beforeClose?(last: () => void): () => void;
}

export interface MemberOptions {
  /** Milliseconds between unasked snapshots (0: none); bounds what an abrupt death loses. */
  readonly checkpointInterval: number;
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

/**
 * The side of a cluster worker or worker thread: answers the hub's requests
 * with a snapshot, sends a checkpoint now and then, and a last snapshot when
 * it exits. Recording a metric never involves it: the hot path stays the
 * single-process one.
 */
export class Member {
  /** Snapshots go out one at a time, in order: each change is against the one before. */
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private timer: NodeJS.Timeout | undefined = undefined;
  private removeExitHook: (() => void) | undefined = undefined;
  private removeCloseHook: (() => void) | undefined = undefined;
  private readonly acks = new Map<number, Waiter<void>>();
  private readonly views = new Map<number, Waiter<ProcessSnapshot>>();
  private nextRequest = 1;

  constructor(
    private readonly taker: SnapshotTaker,
    private readonly transport: MemberTransport,
    private options: MemberOptions,
  ) {}

  get worker(): string {
    return this.taker.identity.worker;
  }

  start(): void {
    this.send({ tag: MESSAGE_TAG, kind: 'hello', worker: this.worker });
    this.schedule();
    this.removeExitHook ??= onProcessExit(
      () => this.sendFinal(),
      () => this.transport.settle?.() ?? Promise.resolve(),
    );
    this.removeCloseHook ??= this.transport.beforeClose?.(() => this.sendFinal());
  }

  configure(options: MemberOptions): void {
    this.options = options;
    this.schedule();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.removeExitHook?.();
    this.removeExitHook = undefined;
    this.removeCloseHook?.();
    this.removeCloseHook = undefined;
  }

  handle(message: HubMessage): void {
    // Answers name the member they are for: one meant for another is not acted on.
    if (message.kind !== 'announce' && message.kind !== 'collect' && message.worker !== this.worker) return;
    switch (message.kind) {
      case 'announce':
        this.send({ tag: MESSAGE_TAG, kind: 'hello', worker: this.worker });
        break;
      case 'collect':
        this.sendChanges(message.request);
        break;
      case 'resync':
        this.taker.resetChanges();
        this.sendChanges();
        break;
      case 'ack':
        this.acks.get(message.ack)?.resolve();
        this.acks.delete(message.ack);
        break;
      case 'view': {
        const waiters = (message.requests ?? [message.request]).flatMap((request) => {
          const waiter = this.views.get(request);
          this.views.delete(request);
          return waiter === undefined ? [] : [waiter];
        });
        if (waiters.length === 0) break;
        try {
          if (message.snapshot === undefined) throw new Error(message.reason ?? 'no view');
          const view = validateSnapshot(message.snapshot);
          for (const waiter of waiters) waiter.resolve(view);
        } catch (error) {
          for (const waiter of waiters) waiter.reject(error as Error);
        }
        break;
      }
    }
  }

  /**
   * Queues a snapshot of what changed since the last one: the answer to
   * `request`, or unasked (a checkpoint). A failure to collect is reported
   * to the hub when it asked.
   */
  private sendChanges(request?: number): void {
    this.queued++;
    this.queue = this.queue.then(async () => {
      try {
        const snapshot = await this.taker.takeChanges();
        this.send({ tag: MESSAGE_TAG, kind: 'snapshot', worker: this.worker, request, snapshot });
      } catch (error) {
        if (request === undefined) return;
        const reason = error instanceof Error ? error.message : String(error);
        this.send({ tag: MESSAGE_TAG, kind: 'failure', worker: this.worker, request, reason });
      } finally {
        this.queued--;
      }
    });
  }

  /** Sends a last snapshot and waits (at most `timeoutMs`) until the hub has it. */
  async shutdown(timeoutMs: number): Promise<void> {
    await this.queue;
    const snapshot = await this.taker.take(true);
    // Whole, so the next one (if the process goes on) must be whole too.
    this.taker.resetChanges();
    const ack = this.nextRequest++;
    const received = this.expect(this.acks, ack, timeoutMs, 'the hub to confirm the last snapshot');
    this.send({
      tag: MESSAGE_TAG,
      kind: 'snapshot',
      worker: this.worker,
      ack,
      snapshot,
    });
    await received;
  }

  /** Asks the hub for the merged view. */
  requestView(timeoutMs: number): Promise<ProcessSnapshot> {
    const request = this.nextRequest++;
    const view = this.expect(this.views, request, timeoutMs, 'the merged view');
    this.send({ tag: MESSAGE_TAG, kind: 'view-request', worker: this.worker, request });
    return view;
  }

  private expect<T>(table: Map<number, Waiter<T>>, id: number, timeoutMs: number, what: string): Promise<T> {
    if (!this.transport.connected())
      return Promise.reject(new Error(`Cannot reach the aggregating process for ${what}`));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        table.delete(id);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      table.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  private schedule(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (!(this.options.checkpointInterval > 0)) return;
    this.timer = setInterval(() => {
      if (this.queued === 0) this.sendChanges();
    }, this.options.checkpointInterval);
    this.timer.unref();
  }

  /**
   * At exit, on a termination signal, before the channel closes: a whole
   * snapshot that leaves before the process or thread is gone (a thread's
   * message is queued at once; a cluster worker writes it out, see
   * `writeToPrimaryNow`).
   */
  private sendFinal(): void {
    if (!this.transport.connected()) return;
    const message: MemberMessage = {
      tag: MESSAGE_TAG,
      kind: 'snapshot',
      worker: this.worker,
      snapshot: this.taker.takeSync(true),
    };
    try {
      if (this.transport.sendNow?.(message)) return;
    } catch {
      // Not written: the ordinary send below still may be.
    }
    this.send(message);
  }

  private send(message: MemberMessage): void {
    if (!this.transport.connected()) return;
    try {
      this.transport.send(message);
    } catch {
      // The channel closed under us (the hub is gone); nothing to tell it.
    }
  }
}
