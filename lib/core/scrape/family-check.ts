import {
  isLabelName,
  isLegacyLabelName,
  isMetricName,
  isReservedLabelName,
  type MetricFamily,
  reservedPointLabel,
  traitsOf,
} from '../../model';
import { loneSurrogateIn } from '../labels';
import { describe, escapedLabelClash } from '../validation';

/**
 * Checks what a custom collector returned before any of it is written: one
 * malformed family or point would otherwise break the scrape mid-write or make
 * parsers reject the whole exposition. Returns what is wrong, or undefined.
 * Metrics built by promkit are valid by construction and are not checked.
 */
export function problemWithFamilies(families: unknown): string | undefined {
  // Nothing returned means nothing to report this time, as it always has.
  if (families === undefined) return undefined;
  if (!Array.isArray(families)) {
    return `collect() returned ${describe(families)}, expected an array of metric families`;
  }
  for (let i = 0; i < families.length; i++) {
    const problem = problemWithFamily(families[i]);
    if (problem !== undefined) return `family #${i}${nameOf(families[i])}: ${problem}`;
  }
  return undefined;
}

function nameOf(family: unknown): string {
  const name = (family as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? ` "${name}"` : '';
}

/** Units become part of the name and of a `# UNIT` line. */
const UNIT = /^[a-zA-Z0-9_:]*$/;

function problemWithFamily(family: unknown): string | undefined {
  if (family === null || typeof family !== 'object')
    return `expected a metric family, got ${describe(family)}`;
  const f = family as Partial<Record<keyof MetricFamily, unknown>>;
  if (!isMetricName(f.name)) return `invalid metric name ${describe(f.name)}`;
  if (typeof f.help !== 'string') return `help must be a string, got ${describe(f.help)}`;
  const loneInHelp = loneSurrogateIn(f.help);
  if (loneInHelp !== undefined) return `help ${loneInHelp}`;
  if (typeof f.type !== 'string' || traitsOf(f.type) === undefined) return `unknown type ${describe(f.type)}`;
  if (f.unit !== undefined && (typeof f.unit !== 'string' || !UNIT.test(f.unit))) {
    return `invalid unit ${describe(f.unit)}`;
  }
  // The label a type's samples add to a point's own: a state set's is its name.
  const reserved = reservedPointLabel(f.type, f.name) ?? '';
  if (reserved === f.name && (!isLabelName(f.name) || isReservedLabelName(f.name))) {
    return 'a state set name must also be a valid label name (it labels the states)';
  }
  if (!Array.isArray(f.points)) return `points must be an array, got ${describe(f.points)}`;
  const seen = new Set<string>();
  for (let i = 0; i < f.points.length; i++) {
    const point = f.points[i];
    const problem =
      problemWithLabels(point, reserved) ?? problemWithPoint(f.type as MetricFamily['type'], point);
    if (problem !== undefined) return `point #${i}: ${problem}`;
    const key = seriesKey(point);
    if (seen.has(key)) return `point #${i}: a second series with the same labels (and timestamp)`;
    seen.add(key);
  }
  return undefined;
}

/** A series at one time: OpenMetrics allows several points of one series with different timestamps. */
function seriesKey(point: { labelNames: string[]; labelValues: string[]; timestamp?: number }): string {
  return `${point.labelNames.join('\u0000')}\u0001${point.labelValues.join('\u0000')}\u0001${point.timestamp}`;
}

function problemWithLabels(point: any, reserved: string): string | undefined {
  if (point === null || typeof point !== 'object') return `expected a point, got ${describe(point)}`;
  const { labelNames: names, labelValues: values } = point;
  if (!Array.isArray(names) || !Array.isArray(values) || names.length !== values.length) {
    return 'labelNames and labelValues must be arrays of the same length';
  }
  let legacy = true;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (!isLegacyLabelName(name)) {
      if (!isLabelName(name)) return `invalid label name ${describe(name)}`;
      legacy = false;
    }
    if (isReservedLabelName(name)) return `invalid label name ${describe(name)}`;
    if (name === reserved) return `label name "${name}" is reserved for this type`;
    if (typeof values[i] !== 'string')
      return `label "${name}" must have a string value, got ${describe(values[i])}`;
    const lone = loneSurrogateIn(values[i]);
    if (lone !== undefined) return `label "${name}" ${lone}`;
    for (let j = 0; j < i; j++) if (names[j] === name) return `label "${name}" appears twice`;
  }
  // Only UTF-8 names can be written alike by an escaping scheme.
  if (!legacy) {
    const clash = escapedLabelClash(names);
    if (clash !== undefined) return clash;
  }
  if (point.timestamp !== undefined && !Number.isFinite(point.timestamp)) {
    return `timestamp must be a finite number of milliseconds, got ${describe(point.timestamp)}`;
  }
  return undefined;
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number';
}

/** Counter totals: OpenMetrics allows neither NaN nor a negative value. */
function isTotal(v: unknown): v is number {
  return typeof v === 'number' && v >= 0;
}

/** Observation counts and bucket counts must also be whole numbers. */
function isCount(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}

function problemWithPoint(type: MetricFamily['type'], p: any): string | undefined {
  switch (type) {
    case 'gauge':
    case 'unknown':
      return isNumber(p.value) ? undefined : `value must be a number, got ${describe(p.value)}`;
    case 'counter':
      if (!isTotal(p.value)) return `a counter's value must be a number >= 0, got ${describe(p.value)}`;
      return problemWithCreated(p.created) ?? problemWithExemplar(p.exemplar);
    case 'histogram':
      return problemWithHistogram(p);
    case 'summary':
      if (!Array.isArray(p.quantiles)) return 'quantiles must be an array';
      for (const q of p.quantiles) {
        if (
          q === null ||
          typeof q !== 'object' ||
          !(q.quantile >= 0 && q.quantile <= 1) ||
          !isNumber(q.value)
        ) {
          return 'each quantile must be { quantile: 0..1, value: number }';
        }
      }
      return problemWithAggregates(p);
    case 'stateset':
      if (!Array.isArray(p.states) || p.states.some((s: unknown) => typeof s !== 'string')) {
        return 'states must be an array of strings';
      }
      if (new Set(p.states).size !== p.states.length) return 'states must be distinct';
      for (const state of p.states) {
        const lone = loneSurrogateIn(state);
        if (lone !== undefined) return `state ${describe(state)} ${lone}`;
      }
      if (p.enabled === null || typeof p.enabled !== 'object' || p.enabled.length !== p.states.length) {
        return 'enabled must have one boolean per state';
      }
      return undefined;
    case 'info':
      return undefined;
  }
}

function problemWithHistogram(p: any): string | undefined {
  const bounds = p.upperBounds;
  if (!Array.isArray(bounds)) return 'upperBounds must be an array';
  for (let i = 0; i < bounds.length; i++) {
    if (!Number.isFinite(bounds[i]) || (i > 0 && !(bounds[i] > bounds[i - 1]))) {
      return 'upperBounds must be finite and strictly increasing';
    }
  }
  const counts = p.bucketCounts;
  if (counts === null || typeof counts !== 'object' || counts.length !== bounds.length + 1) {
    return 'bucketCounts must have one count per bound plus one for +Inf';
  }
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    if (!isCount(counts[i]) || !Number.isFinite(counts[i]))
      return 'bucket counts must be finite numbers >= 0';
    total += counts[i];
  }
  if (p.count !== total) return `count ${describe(p.count)} is not the sum of the bucket counts (${total})`;
  if (p.exemplars !== undefined) {
    for (let i = 0; i < p.exemplars.length; i++) {
      const problem = problemWithExemplar(p.exemplars[i]);
      if (problem !== undefined) return problem;
    }
  }
  return problemWithAggregates(p);
}

function problemWithAggregates(p: { count?: unknown; sum?: unknown; created?: unknown }): string | undefined {
  if (!isCount(p.count)) return `count must be a whole number >= 0, got ${describe(p.count)}`;
  if (!isNumber(p.sum)) return `sum must be a number, got ${describe(p.sum)}`;
  return problemWithCreated(p.created);
}

function problemWithCreated(created: unknown): string | undefined {
  if (created === undefined || Number.isFinite(created)) return undefined;
  return `created must be a finite number of milliseconds, got ${describe(created)}`;
}

function problemWithExemplar(exemplar: any): string | undefined {
  if (exemplar === undefined) return undefined;
  if (exemplar === null || typeof exemplar !== 'object' || !isNumber(exemplar.value)) {
    return 'an exemplar must be { labels, value: number }';
  }
  if (exemplar.labels === null || typeof exemplar.labels !== 'object')
    return "an exemplar's labels must be an object";
  for (const name of Object.keys(exemplar.labels)) {
    const value = exemplar.labels[name];
    const lone = typeof value === 'string' ? loneSurrogateIn(value) : undefined;
    if (lone !== undefined) return `exemplar label "${name}" ${lone}`;
  }
  return undefined;
}
