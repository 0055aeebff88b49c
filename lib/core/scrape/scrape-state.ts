import type { Collector } from '../collector';
import { Coalescer } from './coalesce';
import { type CollectFailureOptions, CollectFailures } from './collect-failures';
import { SelfCounter, type SelfCounterFamily } from './self-counter';
import { type WarningLogger, warnOnConsole } from './warning-logger';

export interface ScrapeStateOptions extends CollectFailureOptions {
  /**
   * Where the registry's warnings go: a failing collector, a metric at its
   * series limit, counters renamed for an OpenMetrics scraper, a failed
   * measurement (default `console.warn`).
   */
  onWarning?: WarningLogger;
}

/** The registry the state belongs to, seen only as a place to register promkit's own counters. */
interface CollectorHost {
  registerCollector(collector: Collector): unknown;
}

/**
 * A place of its own in every registry's state, for code in a layer above core
 * that keeps something per registry (the running default metrics).
 */
export class StateSlot<T> {
  declare private readonly holds?: T;

  constructor(readonly description: string) {}
}

/**
 * Everything a registry keeps about its scrapes, in one place: promkit's own
 * counters (`promkit_*`), collector failures, the warnings and where they go,
 * the concurrent scrapes being shared, the size of the last body, and the
 * slots layers above core keep per registry. It lives and dies with its
 * registry, so nothing is kept about a registry anywhere else.
 */
export class ScrapeState {
  readonly failures: CollectFailures;
  /** The size of the last body rendered as bytes: the next one is most likely about as large. */
  lastBodyBytes = 0;
  private logger: WarningLogger;
  private readonly said = new Set<string>();
  private readonly scrapes = new Coalescer<unknown>();
  private readonly selfCounters = new Map<string, SelfCounter>();
  /** Self counters in the registry now; emptied when it is cleared, so each goes back at its next count. */
  private readonly registered = new Set<SelfCounter>();
  private readonly slots = new Map<StateSlot<unknown>, unknown>();

  constructor(
    private readonly host: CollectorHost,
    options: ScrapeStateOptions = {},
  ) {
    this.logger = options.onWarning ?? warnOnConsole;
    this.failures = new CollectFailures(options, this.warn);
  }

  /** Sets where warnings go (`undefined`: back to `console.warn`). */
  setWarningLogger(logger: WarningLogger | undefined): void {
    this.logger = logger ?? warnOnConsole;
  }

  /** Tells the app; a logger that throws must not reach the scrape or the call being measured. */
  readonly warn: WarningLogger = (message, error) => {
    try {
      if (error === undefined) this.logger(message);
      else this.logger(message, error);
    } catch {
      // Warnings are best effort.
    }
  };

  /** Returns true the first time it is asked about `key`, for things said once per registry. */
  firstTime(key: string): boolean {
    if (this.said.has(key)) return false;
    this.said.add(key);
    return true;
  }

  /**
   * Shares one run of `produce` among the concurrent scrapes asking for the
   * same `key`: twenty scrapes at once cost one collection and one rendering.
   */
  shared<V>(key: string, produce: () => Promise<V>): Promise<V> {
    return this.scrapes.run(key, produce) as Promise<V>;
  }

  /**
   * Counts one in promkit's own counter `family` (registering it in the
   * registry when it is not there yet); returns whether it was the first
   * count for `value`.
   */
  count(family: SelfCounterFamily, value: string): boolean {
    let counter = this.selfCounters.get(family.name);
    if (counter === undefined) {
      counter = new SelfCounter(family);
      this.selfCounters.set(family.name, counter);
    }
    const first = counter.add(value);
    if (!this.registered.has(counter)) {
      this.host.registerCollector(counter);
      this.registered.add(counter);
    }
    return first;
  }

  get<T>(slot: StateSlot<T>): T | undefined {
    return this.slots.get(slot) as T | undefined;
  }

  set<T>(slot: StateSlot<T>, value: T | undefined): void {
    if (value === undefined) this.slots.delete(slot);
    else this.slots.set(slot, value);
  }

  /** The registry was cleared: its collectors, promkit's own counters among them, are gone. */
  clear(): void {
    this.failures.clear();
    this.registered.clear();
  }
}
