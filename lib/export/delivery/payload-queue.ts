/** What the queue needs to know of a payload to bound memory. */
export interface Sized {
  readonly samples: number;
  readonly bytes: number;
}

export interface QueueLimits {
  /** The most samples held at once. */
  readonly maxPendingSamples: number;
  /** The most payload bytes held at once. */
  readonly maxPendingBytes: number;
}

/**
 * Payloads waiting to be delivered, oldest first, within limits in samples
 * and in bytes: a payload that does not fit pushes out the oldest ones, so a
 * receiver down for long costs the oldest data, never unbounded memory.
 */
export class PayloadQueue<T extends Sized> {
  private items: T[] = [];
  private head = 0;
  private sampleCount = 0;
  private byteCount = 0;

  constructor(private readonly limits: QueueLimits) {}

  get samples(): number {
    return this.sampleCount;
  }

  get bytes(): number {
    return this.byteCount;
  }

  get length(): number {
    return this.items.length - this.head;
  }

  /** True when `item` alone is within the limits, and so could ever be queued. */
  fits(item: Sized): boolean {
    return item.samples <= this.limits.maxPendingSamples && item.bytes <= this.limits.maxPendingBytes;
  }

  /**
   * Adds `item` (which must fit), pushing out the oldest items to make room
   * but never the first `pinned` (a payload being sent: its answer is still
   * to come). Returns the items pushed out, or undefined when `item` does not
   * fit beside the pinned ones, and then nothing changed.
   */
  push(item: T, pinned = 0): T[] | undefined {
    const kept = this.items.slice(this.head, this.head + pinned);
    const besides = {
      samples: kept.reduce((total, k) => total + k.samples, 0),
      bytes: kept.reduce((total, k) => total + k.bytes, 0),
    };
    if (!this.fits({ samples: besides.samples + item.samples, bytes: besides.bytes + item.bytes }))
      return undefined;
    for (let i = 0; i < kept.length; i++) this.shift();
    const dropped: T[] = [];
    while (this.length > 0 && !this.hasRoomFor(item, besides)) dropped.push(this.shift()!);
    this.putBack(kept);
    this.items.push(item);
    this.sampleCount += item.samples;
    this.byteCount += item.bytes;
    return dropped;
  }

  /** Returns items just shifted to the front, in their order. */
  private putBack(items: readonly T[]): void {
    for (let i = items.length - 1; i >= 0; i--) {
      if (this.head > 0) this.items[--this.head] = items[i];
      else this.items.unshift(items[i]);
      this.sampleCount += items[i].samples;
      this.byteCount += items[i].bytes;
    }
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  shift(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined as unknown as T;
    // Compact now and then rather than at every shift: removing from the front is O(n).
    if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.sampleCount -= item.samples;
    this.byteCount -= item.bytes;
    return item;
  }

  /**
   * Replaces the oldest item by `item` (which must fit) of another size, a
   * re-encoded payload, keeping its place; returns the oldest items behind
   * it pushed out to stay within the limits.
   */
  replaceHead(item: T): T[] {
    this.shift();
    const dropped: T[] = [];
    while (this.length > 0 && !this.hasRoomFor(item)) dropped.push(this.shift()!);
    this.putBack([item]);
    return dropped;
  }

  private hasRoomFor(item: Sized, besides: Sized = { samples: 0, bytes: 0 }): boolean {
    return (
      besides.samples + this.sampleCount + item.samples <= this.limits.maxPendingSamples &&
      besides.bytes + this.byteCount + item.bytes <= this.limits.maxPendingBytes
    );
  }
}
