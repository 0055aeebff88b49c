import { type CompareOptions, diffMetrics } from './compare-metrics';
import { type LintProblem, lintExposition } from './lint-metrics';
import { expositionOf, type MetricsSource } from './metrics-source';

/** The registry's output and the expected text differ; the message is a line diff. */
export class MetricsMismatchError extends Error {
  override name = 'MetricsMismatchError';
}

/**
 * Compares `source` with `expected` exposition text (Prometheus text format),
 * like client_golang's `CollectAndCompare`: order never matters, HELP only
 * unless `ignoreHelp`, and only the families in `names` when given. Resolves
 * when they agree; rejects with a MetricsMismatchError showing the diff.
 */
export async function collectAndCompare(
  source: MetricsSource,
  expected: string,
  options: CompareOptions = {},
): Promise<void> {
  const diff = diffMetrics(await expositionOf(source), expected, options);
  if (diff !== undefined) throw new MetricsMismatchError(diff);
}

/** Lints `source` against Prometheus' naming conventions (see `lintExposition`); like client_golang's `CollectAndLint`. */
export async function collectAndLint(source: MetricsSource): Promise<LintProblem[]> {
  return lintExposition(await expositionOf(source));
}
