import type { MetricFamily } from '../../model';
import { SelfCounter } from './self-counter';
import type { WarningLogger } from './warning-logger';

export interface CollectFailureOptions {
  /** Fail the whole scrape when one collector fails (default: skip its families and count the failure). */
  strict?: boolean;
  /** Told about each failing collector; defaults to one warning per collector (see `onWarning`). */
  onCollectError?: (error: unknown, collector: string) => void;
}

export const COLLECTOR_ERRORS_FAMILY = 'promkit_collector_errors';

/**
 * A registry's record of failing collectors. Each failure is counted in
 * `promkit_collector_errors_total{collector}` and warned about once per
 * collector, so a collector failing at every scrape does not flood the log; a
 * strict registry rethrows instead, failing the scrape.
 */
export class CollectFailures {
  private readonly counts = new SelfCounter({
    name: COLLECTOR_ERRORS_FAMILY,
    help: 'Scrapes in which a collector failed and its metrics were left out.',
    label: 'collector',
    described: COLLECTOR_ERRORS_FAMILY,
  });

  constructor(
    private readonly options: CollectFailureOptions,
    private readonly warn: WarningLogger,
  ) {}

  report(collector: string, error: unknown): void {
    if (this.options.strict) throw error;
    const first = this.counts.add(collector);
    if (this.options.onCollectError) {
      this.options.onCollectError(error, collector);
    } else if (first) {
      this.warn(
        `promkit: collecting "${collector}" failed; its metrics are left out of scrapes while it fails:`,
        error,
      );
    }
  }

  /** Forgets every failure: the registry was cleared, and with it the collectors that failed. */
  clear(): void {
    this.counts.clear();
  }

  /** The error counter's family, once any collector has failed. */
  family(): MetricFamily | undefined {
    return this.counts.empty ? undefined : this.counts.family();
  }
}
