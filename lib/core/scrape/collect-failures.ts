import type { MetricFamily } from '../../model';

export interface CollectFailureOptions {
  /** Fail the whole scrape when one collector fails (default: skip its families and count the failure). */
  strict?: boolean;
  /** Told about each failing collector; defaults to one console warning per collector. */
  onCollectError?: (error: unknown, collector: string) => void;
}

/**
 * A registry's record of failing collectors. Each failure is counted in
 * `promkit_collector_errors_total{collector}` and logged once per collector, so
 * a collector failing at every scrape does not flood the log; a strict registry
 * rethrows instead, failing the scrape.
 */
export class CollectFailures {
  private readonly counts = new Map<string, number>();
  private readonly warned = new Set<string>();

  constructor(private readonly options: CollectFailureOptions) {}

  report(collector: string, error: unknown): void {
    if (this.options.strict) throw error;
    this.counts.set(collector, (this.counts.get(collector) ?? 0) + 1);
    if (this.options.onCollectError) {
      this.options.onCollectError(error, collector);
    } else if (!this.warned.has(collector)) {
      this.warned.add(collector);
      console.warn(
        `promkit: collecting "${collector}" failed; its metrics are left out of scrapes while it fails:`,
        error,
      );
    }
  }

  /** Forgets every failure: the registry was cleared, and with it the collectors that failed. */
  clear(): void {
    this.counts.clear();
    this.warned.clear();
  }

  /** The error counter's family, once any collector has failed. */
  family(): MetricFamily | undefined {
    if (this.counts.size === 0) return undefined;
    return {
      name: 'promkit_collector_errors',
      help: 'Scrapes in which a collector failed and its metrics were left out.',
      type: 'counter',
      points: [...this.counts].map(([collector, value]) => ({
        labelNames: ['collector'],
        labelValues: [collector],
        value,
      })),
    };
  }
}
