/**
 * Prometheus' rules for metric and label names, in one place: the engine
 * validates with them, the writers check with them, and a future opt-in to
 * UTF-8 names extends them here.
 */

/** A metric name: letters, digits, `_` and `:`, not starting with a digit. */
export const METRIC_NAME_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** A label name: letters, digits and `_`, not starting with a digit. */
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Label names with this prefix belong to Prometheus itself. */
export const RESERVED_LABEL_PREFIX = '__';

export function isMetricName(name: unknown): name is string {
  return typeof name === 'string' && METRIC_NAME_PATTERN.test(name);
}

/** A syntactically valid label name; reserved (`__`) names included. */
export function isLabelName(name: unknown): name is string {
  return typeof name === 'string' && LABEL_NAME_PATTERN.test(name);
}

export function isReservedLabelName(name: string): boolean {
  return name.startsWith(RESERVED_LABEL_PREFIX);
}
