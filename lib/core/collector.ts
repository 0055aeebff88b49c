import type { MetricFamily } from '../model';

/**
 * Anything a registry can scrape: metric objects and user collectors alike.
 * `describe()` lets a registry detect duplicate names at registration time
 * instead of at the first scrape.
 */
export interface Collector {
  collect(): MetricFamily[] | Promise<MetricFamily[]>;
  describe?(): readonly string[];
  /**
   * Set by promkit's own collectors whose families are valid by construction
   * (such as a merged multi-process view): a scrape then skips checking them.
   */
  readonly validByConstruction?: boolean;
}
