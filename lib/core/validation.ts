import {
  escapeName,
  getNameValidationScheme,
  isLabelName,
  isLegacyLabelName,
  isMetricName,
  isReservedLabelName,
  LABEL_NAME_PATTERN,
  type LabelSet,
  METRIC_NAME_PATTERN,
  RESERVED_LABEL_PREFIX,
  REWRITING_SCHEMES,
} from '../model';

/** prom-client compatible: true when `name` is a valid Prometheus metric name. */
export function validateMetricName(name: string): boolean {
  return isMetricName(name);
}

/** prom-client compatible: true when every name is a valid, non-reserved label name. */
export function validateLabelName(names: readonly string[] = []): boolean {
  return names.every((n) => isLabelName(n) && !isReservedLabelName(n));
}

/** A metric's options are invalid; the message names the metric and the option. */
export class MetricConfigError extends Error {
  override name = 'MetricConfigError';
}

/** A value recorded into a metric is invalid; the message names the metric and the value. */
export class MetricValueError extends Error {
  override name = 'MetricValueError';
}

/** A label name or value is invalid or missing; the message names the metric and the label. */
export class LabelError extends Error {
  override name = 'LabelError';
}

/** How to allow names beyond the legacy character set, for errors about them. */
function utf8Hint(): string {
  return getNameValidationScheme() === 'legacy'
    ? ", or allow UTF-8 names with setNameValidationScheme('utf-8')"
    : '';
}

export function assertMetricName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name === '') {
    throw new MetricConfigError(`Metric name is required (got ${describe(name)})`);
  }
  if (!isMetricName(name)) {
    throw new MetricConfigError(
      `Invalid metric name ${describe(name)}: must match ${METRIC_NAME_PATTERN.source} (letters, digits, '_' and ':', not starting with a digit${utf8Hint()})`,
    );
  }
}

export function assertLabelNames(
  metric: string,
  labelNames: unknown,
  reserved: readonly string[] = [],
): readonly string[] {
  if (labelNames === undefined) return [];
  if (!Array.isArray(labelNames)) {
    throw new MetricConfigError(`Metric "${metric}": labelNames must be an array of strings`);
  }
  const seen = new Set<string>();
  for (const label of labelNames) {
    if (!isLabelName(label)) {
      throw new MetricConfigError(
        `Metric "${metric}": invalid label name ${describe(label)}: must match ${LABEL_NAME_PATTERN.source}${typeof label === 'string' && label !== '' ? utf8Hint() : ''}`,
      );
    }
    if (isReservedLabelName(label)) {
      throw new MetricConfigError(
        `Metric "${metric}": label name "${label}" is reserved (names starting with "${RESERVED_LABEL_PREFIX}" belong to Prometheus)`,
      );
    }
    if (reserved.includes(label)) {
      throw new MetricConfigError(
        `Metric "${metric}": label name "${label}" is reserved for this metric type`,
      );
    }
    if (seen.has(label)) {
      throw new MetricConfigError(`Metric "${metric}": label name "${label}" is declared twice`);
    }
    seen.add(label);
  }
  assertDistinctWhenEscaped(`Metric "${metric}"`, labelNames as string[]);
  // A private copy, not frozen: the label lookup reads it on every call and V8 reads frozen arrays slowly.
  return [...labelNames];
}

/**
 * Label names one escaping scheme writes alike (`a.b` and `a_b` under
 * `underscores`) would be one label twice in an escaped scrape, which
 * Prometheus rejects whole: refused when they are declared.
 */
export function assertDistinctWhenEscaped(what: string, labelNames: readonly string[]): void {
  if (labelNames.every((name) => isLegacyLabelName(name))) return;
  const clash = escapedLabelClash(labelNames);
  if (clash !== undefined) {
    throw new MetricConfigError(
      `${what}: ${clash} (what scrapers that cannot read UTF-8 names get, Prometheus 2.x among them). Rename one of them.`,
    );
  }
}

/** Two label names one escaping scheme writes alike, in words; undefined when there are none. */
export function escapedLabelClash(labelNames: readonly string[]): string | undefined {
  for (const scheme of REWRITING_SCHEMES) {
    const seen = new Map<string, string>();
    for (const name of labelNames) {
      const written = isLegacyLabelName(name) ? name : escapeName(name, scheme);
      const other = seen.get(written);
      if (other !== undefined) {
        return `label names "${other}" and "${name}" are both written "${written}" by the ${scheme} escaping scheme`;
      }
      seen.set(written, name);
    }
  }
  return undefined;
}

/**
 * A state set writes each state as a label named after the family
 * (`task_state{task_state="running"} 1`), so its name must also be a valid,
 * unreserved label name: no `:`, no leading `__`.
 */
export function assertStateSetName(what: string, name: string): void {
  if (!isLabelName(name) || isReservedLabelName(name)) {
    throw new MetricConfigError(
      `${what}: the name is also the label that carries the state, so it must be a valid label name ` +
        `(${LABEL_NAME_PATTERN.source}, not starting with "${RESERVED_LABEL_PREFIX}")`,
    );
  }
}

/** What an error is about: `Counter "jobs" {queue="a"}`, or just `what` for a series without labels. */
export function describeSeries(what: string, labels: LabelSet): string {
  const { labelNames, labelValues } = labels;
  if (labelNames.length === 0) return what;
  return `${what} {${labelNames.map((n, i) => `${n}="${labelValues[i]}"`).join(', ')}}`;
}

/**
 * How a second declaration of a name differs from the one registered first,
 * in the words every clash uses: `with type counter (here: type gauge)`.
 */
export function differenceFromRegistered(theirs: string, ours: string): string {
  return `with ${theirs} (here: ${ours})`;
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
