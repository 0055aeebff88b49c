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

  /** Adds `item` (which must fit), returning the oldest items pushed out to make room. */
  push(item: T): T[] {
    const dropped: T[] = [];
    while (
      this.length > 0 &&
      (this.sampleCount + item.samples > this.limits.maxPendingSamples ||
        this.byteCount + item.bytes > this.limits.maxPendingBytes)
    ) {
      dropped.push(this.shift()!);
    }
    this.items.push(item);
    this.sampleCount += item.samples;
    this.byteCount += item.bytes;
    return dropped;
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

  /** Replaces the oldest item by `item` of another size (a re-encoded payload), keeping its place. */
  replaceHead(item: T): void {
    const old = this.items[this.head];
    this.items[this.head] = item;
    this.sampleCount += item.samples - old.samples;
    this.byteCount += item.bytes - old.bytes;
  }
}
