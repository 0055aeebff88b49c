/**
 * Prometheus' rules for metric and label names, in one place: the engine
 * validates with them, the writers check with them.
 *
 * By default names use the legacy character set. `setNameValidationScheme('utf-8')`
 * opts in to any UTF-8 name (Prometheus 3 stores them); writers then quote such
 * names for scrapers that accept UTF-8 and escape them for the others, per the
 * negotiated escaping scheme. Legacy names are written unchanged either way.
 */

/** A legacy metric name: letters, digits, `_` and `:`, not starting with a digit. */
export const METRIC_NAME_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** A legacy label name: letters, digits and `_`, not starting with a digit. */
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Label names with this prefix belong to Prometheus itself. */
export const RESERVED_LABEL_PREFIX = '__';

/** Which names are valid: the legacy character set (default), or any UTF-8. */
export type NameValidationScheme = 'legacy' | 'utf-8';

let validation: NameValidationScheme = 'legacy';

/**
 * Allows UTF-8 metric and label names (`'utf-8'`) or only legacy ones
 * (`'legacy'`, the default) in metrics created from now on.
 */
export function setNameValidationScheme(scheme: NameValidationScheme): void {
  if (scheme !== 'legacy' && scheme !== 'utf-8') {
    throw new TypeError(`Name validation scheme must be 'legacy' or 'utf-8', got ${JSON.stringify(scheme)}`);
  }
  validation = scheme;
}

/** Which metric and label names are valid: `legacy` or `utf-8` (see `setNameValidationScheme`). */
export function getNameValidationScheme(): NameValidationScheme {
  return validation;
}

/** With the `u` flag a surrogate pair is one code point, so this matches only a lone surrogate. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** A UTF-8 name: not empty, and no lone surrogate (which has no UTF-8 form). */
function isUtf8Name(name: string): boolean {
  return name !== '' && !LONE_SURROGATE.test(name);
}

export function isLegacyMetricName(name: unknown): name is string {
  return typeof name === 'string' && METRIC_NAME_PATTERN.test(name);
}

export function isLegacyLabelName(name: unknown): name is string {
  return typeof name === 'string' && LABEL_NAME_PATTERN.test(name);
}

/** A valid metric name under the current validation scheme. */
export function isMetricName(name: unknown): name is string {
  return isLegacyMetricName(name) || (validation === 'utf-8' && typeof name === 'string' && isUtf8Name(name));
}

/** A syntactically valid label name under the current scheme; reserved (`__`) names included. */
export function isLabelName(name: unknown): name is string {
  return isLegacyLabelName(name) || (validation === 'utf-8' && typeof name === 'string' && isUtf8Name(name));
}

export function isReservedLabelName(name: string): boolean {
  return name.startsWith(RESERVED_LABEL_PREFIX);
}
