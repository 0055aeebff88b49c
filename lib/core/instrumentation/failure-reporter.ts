import type { MetricFamily } from '../../model';
import type { Collector } from '../collector';
import type { Registry } from '../registry';

export type InstrumentationErrorLogger = (message: string, error: unknown) => void;

const ERRORS_FAMILY = 'promkit_instrumentation_errors';
const ERRORS_SAMPLE = `${ERRORS_FAMILY}_total`;

const warnOnConsole: InstrumentationErrorLogger = (message, error) =>
  error === undefined ? console.warn(message) : console.warn(message, error);

/** One registry's count of failed measurements, by metric, exposed as a counter. */
class FailureCounts implements Collector {
  readonly counts = new Map<string, number>();

  collect(): MetricFamily[] {
    return [
      {
        name: ERRORS_FAMILY,
        help: 'Measurements by promkit decorators and call trackers that failed and were skipped.',
        type: 'counter',
        points: [...this.counts].map(([metric, value]) => ({
          labelNames: ['metric'],
          labelValues: [metric],
          value,
        })),
      },
    ];
  }

  describe(): readonly string[] {
    return [ERRORS_FAMILY];
  }
}

/**
 * Where measurements that failed (a `labelsFrom` that throws, a broken
 * series...) are told: counted in `promkit_instrumentation_errors_total{metric}`
 * of the registry instrumentation records into, and logged once per metric so
 * a broken label function cannot flood the logs. Never throws: the
 * application must not notice.
 */
export class FailureReporter {
  private logger = warnOnConsole;
  private readonly warned = new Set<string>();
  private readonly countsByRegistry = new WeakMap<Registry<any>, FailureCounts>();

  constructor(private readonly registry: () => Registry<any>) {}

  /** Where the first failure of each metric is told (default: `console.warn`). */
  setLogger(logger: InstrumentationErrorLogger | undefined): void {
    this.logger = logger ?? warnOnConsole;
  }

  report(metric: string, error: unknown): void {
    try {
      const { counts } = this.countsIn(this.registry());
      counts.set(metric, (counts.get(metric) ?? 0) + 1);
      if (this.warned.has(metric)) return;
      this.warned.add(metric);
      this.logger(
        `promkit: recording metric "${metric}" failed; the call itself was not affected (further failures are only counted in ${ERRORS_SAMPLE}):`,
        error,
      );
    } catch {
      // Reporting is best effort: it must not reach the application either.
    }
  }

  /** Tells the logger something about instrumentation once per `key` (a misconfiguration, not a failure). */
  warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    try {
      this.logger(message, undefined);
    } catch {
      // A broken logger must not reach the application.
    }
  }

  private countsIn(registry: Registry<any>): FailureCounts {
    let counts = this.countsByRegistry.get(registry);
    if (counts === undefined) {
      counts = new FailureCounts();
      this.countsByRegistry.set(registry, counts);
    }
    // Registering the same collector again is a no-op; after `registry.clear()` it puts it back.
    registry.registerCollector(counts);
    return counts;
  }
}
