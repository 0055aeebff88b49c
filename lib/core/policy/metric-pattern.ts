import type { MetricPattern } from './metric-policy';

/** Whether a metric's declared name matches an exact name or a `prefix*` pattern. */
export function matchesPattern(pattern: MetricPattern, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

export function matchesAny(patterns: readonly MetricPattern[] | undefined, name: string): boolean {
  return patterns?.some((p) => matchesPattern(p, name)) === true;
}
