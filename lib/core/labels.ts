import { describe, LabelError } from './validation';

/** A label value as prom-client accepts it; numbers are stored as their string form. */
export type LabelValue = string | number;

/**
 * Values for the declared label names. As in prom-client, a label may be left
 * out: the series simply has no such label (unless the metric is strict).
 * A name that was not declared is a compile error, and an error at run time.
 */
export type LabelValues<T extends string> = { [K in T]?: LabelValue };

/**
 * Label values of one call in declaration order, `undefined` where a label is
 * absent. Absent is not the empty string: `{a: ''}` and `{}` are different series.
 */
export type PartialValues = Array<string | undefined>;

/** A surrogate code unit without its partner: not Unicode, so not encodable as UTF-8. */
const LONE_SURROGATE = /\p{Cs}/u;
/** Any surrogate code unit, paired or not (no `u` flag: the string is read as code units). */
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

type ErrorClass = new (message: string) => Error;

/**
 * Refuses text with a lone surrogate before it reaches a series: it has no
 * UTF-8 form, so every writer would send U+FFFD instead and two different
 * strings (two states, two label values) would reach Prometheus as one.
 * `what` names the metric and the field, e.g. `Enum "job_state": state "..."`.
 */
export function assertWellFormed(
  what: string,
  text: string,
  rule = 'text in the exposition must be well-formed Unicode',
  ErrorType: ErrorClass = LabelError,
): void {
  const lone = loneSurrogateIn(text);
  if (lone !== undefined) throw new ErrorType(`${what} ${lone}; ${rule}`);
}

/** Where `text` has a lone surrogate, in words (`has a lone UTF-16 surrogate (U+D800) at index 7`), or undefined. */
export function loneSurrogateIn(text: string): string | undefined {
  // Most text has no surrogate at all; that test is cheaper than the pairing one.
  if (!ANY_SURROGATE.test(text)) return undefined;
  const lone = LONE_SURROGATE.exec(text);
  if (lone === null) return undefined;
  const unit = lone[0].charCodeAt(0).toString(16).toUpperCase();
  return `has a lone UTF-16 surrogate (U+${unit}) at index ${lone.index}`;
}

export function labelValueToString(metric: string, label: string, value: unknown): string {
  if (typeof value === 'string') {
    assertWellFormed(
      `Metric "${metric}": label "${label}"`,
      value,
      'label values must be well-formed Unicode',
    );
    return value;
  }
  if (typeof value === 'number') return String(value);
  throw new LabelError(
    `Metric "${metric}": label "${label}" must be a string or number, got ${describe(value)}`,
  );
}

function declared(labelNames: readonly string[]): string {
  return `declared labels: ${labelNames.join(', ') || 'none'}`;
}

export function missingLabel(metric: string, labelNames: readonly string[], name: string): LabelError {
  return new LabelError(`Metric "${metric}": missing label "${name}" (${declared(labelNames)})`);
}

/**
 * Reads a caller's labels object: only its own enumerable keys count, each
 * must be a declared name, each value a string or number (`undefined` means
 * absent). With `strict`, every declared label must be present. Returns a
 * fresh array in declaration order: the caller's object is never kept.
 */
export function valuesFromObject(
  metric: string,
  labelNames: readonly string[],
  labels: unknown,
  strict: boolean,
): PartialValues {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    throw new LabelError(`Metric "${metric}": labels must be an object, got ${describe(labels)}`);
  }
  const values: PartialValues = new Array(labelNames.length).fill(undefined);
  const record = labels as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const index = labelNames.indexOf(key);
    if (index < 0) {
      throw new LabelError(`Metric "${metric}": unknown label "${key}" (${declared(labelNames)})`);
    }
    const value = record[key];
    if (value !== undefined) values[index] = labelValueToString(metric, key, value);
  }
  if (strict) assertComplete(metric, labelNames, values);
  return values;
}

/** prom-client's positional form `labels('GET', '/')`: one value per declared label, in order. */
export function valuesFromPositional(
  metric: string,
  labelNames: readonly string[],
  values: readonly unknown[],
  strict: boolean,
): PartialValues {
  if (values.length !== labelNames.length) {
    throw new LabelError(
      `Metric "${metric}": expected ${labelNames.length} label value(s) (${labelNames.join(', ') || 'none'}), got ${values.length}`,
    );
  }
  const out: PartialValues = values.map((v, i) =>
    v === undefined ? undefined : labelValueToString(metric, labelNames[i], v),
  );
  if (strict) assertComplete(metric, labelNames, out);
  return out;
}

function assertComplete(metric: string, labelNames: readonly string[], values: PartialValues): void {
  const missing = values.indexOf(undefined);
  if (missing >= 0) throw missingLabel(metric, labelNames, labelNames[missing]);
}
