import { Counter, type Registry } from '../core';
import { setInstrumentationErrorReporter } from '../core/call-tracking';
import { decoratorRegistry } from './registry-binding';

export type InstrumentationErrorLogger = (message: string, error: unknown) => void;

const ERRORS_METRIC = 'promkit_instrumentation_errors_total';

let logger: InstrumentationErrorLogger = (message, error) => console.warn(message, error);
const warnedMetrics = new Set<string>();

/** Where the first failure of each metric is told (default: `console.warn`). */
export function setInstrumentationErrorLogger(next: InstrumentationErrorLogger | undefined): void {
  logger = next ?? ((message, error) => console.warn(message, error));
}

/**
 * A measurement failed (e.g. `labelsFrom` threw): count it in
 * `promkit_instrumentation_errors_total{metric}` and log it once per metric,
 * so a broken label function cannot flood the logs.
 */
export function reportInstrumentationFailure(metric: string, error: unknown): void {
  try {
    errorCounter(decoratorRegistry()).inc({ metric });
    if (warnedMetrics.has(metric)) return;
    warnedMetrics.add(metric);
    logger(
      `promkit: recording metric "${metric}" failed; the call itself was not affected (further failures are only counted in ${ERRORS_METRIC}):`,
      error,
    );
  } catch {
    // Reporting is best effort: it must not reach the application either.
  }
}

function errorCounter(registry: Registry): Counter<'metric'> {
  const existing = registry.getSingleMetric(ERRORS_METRIC);
  if (existing instanceof Counter) return existing as Counter<'metric'>;
  return new Counter({
    name: ERRORS_METRIC,
    help: 'Measurements by promkit decorators and call trackers that failed and were skipped.',
    labelNames: ['metric'],
    registers: [registry],
  });
}

// Core's trackCall (histogram.time(), gauge.trackInProgress()...) reports here too.
setInstrumentationErrorReporter((error) => reportInstrumentationFailure('unknown', error));
