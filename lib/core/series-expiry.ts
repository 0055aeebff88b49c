import { MetricConfigError } from './validation';

/** Updated since the last sweep. */
const ACTIVE = -1;
/** Dropped by a sweep; the next update through a reference the app kept revives it. */
const EXPIRED = -2;

/** The mark kept by each series of a metric with a TTL: ACTIVE, EXPIRED, or idle since (ms). */
interface Marked {
  idleSince: number;
}

type Update = (this: Marked, ...args: unknown[]) => unknown;

/** A `seriesTtlSeconds` option: seconds > 0. */
export function checkTtl(metric: string, seconds: unknown): number {
  if (typeof seconds === 'number' && seconds > 0 && seconds < Number.POSITIVE_INFINITY) return seconds;
  throw new MetricConfigError(
    `Metric "${metric}": seriesTtlSeconds must be a number of seconds > 0, got ${String(seconds)}`,
  );
}

/**
 * Stale-series expiry for one metric (`seriesTtlSeconds`). Each series of the
 * metric gets a prototype whose update methods mark it active before doing
 * their work, so only metrics with a TTL pay for the bookkeeping; a sweep at
 * each scrape drops the series idle for the TTL.
 *
 * The app may still hold a dropped series (a child from `labels()`). Its next
 * update revives it: the update goes to the series now stored for its label
 * set, or, if there is none, the series is stored again, its values intact.
 * So a held child never updates a series nobody can see.
 */
export class SeriesExpiry<C extends object> {
  private readonly prototypes = new Map<object, object>();
  private readonly ttlMs: number;

  constructor(
    ttlSeconds: number,
    /** The names of the series' methods that change it. */
    private readonly updates: readonly string[],
    /** The live series for a dropped one's label set, storing the dropped one again if there is none. */
    private readonly revive: (series: C) => C,
  ) {
    this.ttlMs = ttlSeconds * 1000;
  }

  /** Makes a new series mark its updates. */
  track(series: C): C {
    const base = Object.getPrototypeOf(series) as object;
    let prototype = this.prototypes.get(base);
    if (prototype === undefined) {
      prototype = this.markingPrototype(base);
      this.prototypes.set(base, prototype);
    }
    (series as unknown as Marked).idleSince = ACTIVE;
    return Object.setPrototypeOf(series, prototype);
  }

  private markingPrototype(base: object): object {
    const prototype = Object.create(base) as Record<string, Update>;
    const revive = this.revive;
    for (const name of this.updates) {
      const update = (base as Record<string, Update>)[name];
      if (typeof update !== 'function') continue;
      prototype[name] = function (this: Marked, ...args: unknown[]): unknown {
        const live = this.idleSince === EXPIRED ? (revive(this as unknown as C) as unknown as Marked) : this;
        live.idleSince = ACTIVE;
        return update.apply(live, args);
      };
    }
    return prototype;
  }

  /**
   * At a sweep at `now` (ms): whether the series has gone the TTL without an
   * update. Idle time counts from the first sweep that finds it not updated,
   * so a series goes between the TTL and the TTL plus two sweep intervals
   * after its last update.
   */
  isStale(series: C, now: number): boolean {
    const marked = series as unknown as Marked;
    if (marked.idleSince === ACTIVE) {
      marked.idleSince = now;
      return false;
    }
    return now - marked.idleSince >= this.ttlMs;
  }

  expire(series: C): void {
    (series as unknown as Marked).idleSince = EXPIRED;
  }
}
