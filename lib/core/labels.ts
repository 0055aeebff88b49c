import { describe, LabelError } from './validation';

/** A label value as prom-client accepts it; numbers are stored as their string form. */
export type LabelValue = string | number;

/** Values for every declared label name: a missing label is an error, not an empty value. */
export type LabelValues<T extends string> = { [K in T]: LabelValue };

export function labelValueToString(metric: string, label: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new LabelError(
    `Metric "${metric}": label "${label}" must be a string or number, got ${describe(value)}`,
  );
}

/**
 * Reads the declared labels from a caller's object in declaration order and
 * rejects missing and unknown ones. Returns a fresh array: the caller's object
 * is never kept.
 */
export function valuesFromObject(
  metric: string,
  labelNames: readonly string[],
  labels: Record<string, unknown>,
): string[] {
  if (labels === null || typeof labels !== 'object') {
    throw new LabelError(`Metric "${metric}": labels must be an object, got ${describe(labels)}`);
  }
  assertNoUnknownLabels(metric, labelNames, labels);
  const values = new Array<string>(labelNames.length);
  for (let i = 0; i < labelNames.length; i++) {
    const name = labelNames[i];
    const value = labels[name];
    if (value === undefined) {
      throw new LabelError(
        `Metric "${metric}": missing label "${name}" (declared labels: ${labelNames.join(', ') || 'none'})`,
      );
    }
    values[i] = labelValueToString(metric, name, value);
  }
  return values;
}

export function assertNoUnknownLabels(
  metric: string,
  labelNames: readonly string[],
  labels: Record<string, unknown>,
): void {
  for (const key in labels) {
    if (!labelNames.includes(key)) {
      throw new LabelError(
        `Metric "${metric}": unknown label "${key}" (declared labels: ${labelNames.join(', ') || 'none'})`,
      );
    }
  }
}

export function valuesFromPositional(
  metric: string,
  labelNames: readonly string[],
  values: readonly unknown[],
): string[] {
  if (values.length !== labelNames.length) {
    throw new LabelError(
      `Metric "${metric}": expected ${labelNames.length} label value(s) (${labelNames.join(', ') || 'none'}), got ${values.length}`,
    );
  }
  return values.map((v, i) => labelValueToString(metric, labelNames[i], v));
}
