import { totalName } from '../../model';
import type { Registry } from '../registry';
import type { SelfCounterFamily } from '../scrape/self-counter';

export type InstrumentationErrorLogger = (message: string, error: unknown) => void;

const ERRORS_FAMILY = 'promkit_instrumentation_errors';
const ERRORS_SAMPLE = totalName(ERRORS_FAMILY);

/** A registry's count of failed measurements, by metric. */
const ERRORS_COUNTER: SelfCounterFamily = {
  name: ERRORS_FAMILY,
  help: 'Measurements by promkit decorators and call trackers that failed and were skipped.',
  label: 'metric',
  described: ERRORS_FAMILY,
};

/**
 * Where measurements that failed (a `labelsFrom` that throws, a broken
 * series...) are told: counted in `promkit_instrumentation_errors_total{metric}`
 * of the registry instrumentation records into, and logged once per metric so
 * a broken label function cannot flood the logs, through the logger set here
 * or else that registry's warning logger. Never throws: the application must
 * not notice.
 */
export class FailureReporter {
  private logger: InstrumentationErrorLogger | undefined;
  private readonly warned = new Set<string>();

  constructor(private readonly registry: () => Registry<any>) {}

  /** Where the first failure of each metric is told (default: the registry's warning logger, `console.warn` unless set). */
  setLogger(logger: InstrumentationErrorLogger | undefined): void {
    this.logger = logger;
  }

  report(metric: string, error: unknown): void {
    try {
      this.registry().scrapeState.count(ERRORS_COUNTER, metric);
      if (this.warned.has(metric)) return;
      this.warned.add(metric);
      this.tell(
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
      this.tell(message, undefined);
    } catch {
      // A broken logger must not reach the application.
    }
  }

  private tell(message: string, error: unknown): void {
    if (this.logger) this.logger(message, error);
    else this.registry().scrapeState.warn(message, error);
  }
}
