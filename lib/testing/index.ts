export { collectAndCompare, collectAndLint, MetricsMismatchError } from './assertions';
export { type CompareOptions, diffMetrics } from './compare-metrics';
export { type LintProblem, lintExposition } from './lint-metrics';
export type { MetricsSource } from './metrics-source';
export {
  ExpositionParseError,
  type ParsedFamily,
  type ParsedSample,
  parseExposition,
} from './parse-exposition';
export { collectAndCount, toFloat64 } from './read-value';
