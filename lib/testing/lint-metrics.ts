import { BUCKET_SUFFIX, COUNT_SUFFIX, SUM_SUFFIX, TOTAL_SUFFIX, traitsOf } from '../model';
import { type ParsedFamily, parseExposition } from './parse-exposition';

/** One finding: the family it is about and what is wrong with it. */
export interface LintProblem {
  readonly metric: string;
  readonly text: string;
}

type Rule = (family: ParsedFamily) => string[];

/** Each unit a name may end in, and the base unit Prometheus asks for instead. */
const BASE_UNITS: Readonly<Record<string, string>> = {
  seconds: 'seconds',
  minutes: 'seconds',
  hours: 'seconds',
  days: 'seconds',
  weeks: 'seconds',
  bytes: 'bytes',
  bits: 'bytes',
  meters: 'meters',
  metres: 'metres',
  inches: 'meters',
  yards: 'meters',
  miles: 'meters',
  grams: 'grams',
  pounds: 'grams',
  ounces: 'grams',
  celsius: 'celsius',
  fahrenheit: 'celsius',
  rankine: 'celsius',
  kelvin: 'kelvin',
  kelvins: 'kelvin',
  joules: 'joules',
  calories: 'joules',
  amperes: 'amperes',
  volts: 'volts',
};

const UNIT_PREFIXES = [
  'pico',
  'nano',
  'micro',
  'milli',
  'centi',
  'deci',
  'deca',
  'hecto',
  'kilo',
  'kibi',
  'mega',
  'mibi',
  'giga',
  'gibi',
  'tera',
  'tebi',
  'peta',
  'pebi',
];

/** Short unit spellings that hide what a number means (`_ms`, `_kb`...). */
const ABBREVIATED_UNITS = new Set([
  's',
  'ms',
  'us',
  'ns',
  'sec',
  'b',
  'kb',
  'mb',
  'gb',
  'tb',
  'pb',
  'm',
  'h',
  'd',
]);

/** Type names that say nothing a TYPE line does not already say. */
const TYPE_WORDS = ['counter', 'gauge', 'histogram', 'summary', 'gauge_histogram'];

const CAMEL_CASE = /[a-z][A-Z]/;

/** The unit word of a name and its base unit, e.g. `request_milliseconds` -> [milliseconds, seconds]. */
function unitOf(name: string): [unit: string, base: string] | undefined {
  for (const word of name.split('_')) {
    if (word in BASE_UNITS) return [word, BASE_UNITS[word]];
    for (const prefix of UNIT_PREFIXES) {
      const rest = word.slice(prefix.length);
      if (word.startsWith(prefix) && rest in BASE_UNITS) return [word, BASE_UNITS[rest]];
    }
  }
  return undefined;
}

/** Whether `word` is one of the name's `_`-separated words after the first. */
function hasTrailingWord(name: string, word: string): boolean {
  const lower = name.toLowerCase();
  return lower.includes(`_${word}_`) || lower.endsWith(`_${word}`);
}

function labelNames(family: ParsedFamily): Set<string> {
  return new Set(family.samples.flatMap((s) => Object.keys(s.labels)));
}

const RULES: readonly Rule[] = [
  function help(family) {
    return family.help === undefined || family.help.trim() === '' ? ['has no help text'] : [];
  },
  function baseUnits(family) {
    const unit = unitOf(family.name);
    return unit && unit[0] !== unit[1] ? [`measures in "${unit[0]}"; use the base unit "${unit[1]}"`] : [];
  },
  function counterSuffix(family) {
    const total = family.name.endsWith(TOTAL_SUFFIX);
    const takesTotal = traitsOf(family.type)?.valueSuffix === TOTAL_SUFFIX;
    if (takesTotal && !total) return [`is a ${family.type}, so its name should end in "_total"`];
    if (!takesTotal && family.type !== 'untyped' && total) {
      return [`is a ${family.type}, and only counter names end in "_total"`];
    }
    return [];
  },
  function reservedSuffixesAndLabels(family) {
    const traits = traitsOf(family.type);
    if (traits === undefined) return [];
    const { name } = family;
    const takes = (suffix: string) => traits.sampleSuffixes.includes(suffix);
    const problems: string[] = [];
    if (!takes(BUCKET_SUFFIX) && name.endsWith(BUCKET_SUFFIX))
      problems.push('ends in "_bucket", which only histograms may');
    for (const suffix of [COUNT_SUFFIX, SUM_SUFFIX]) {
      if (!takes(suffix) && name.endsWith(suffix)) {
        problems.push(`ends in "${suffix}", which only histograms and summaries may`);
      }
    }
    const labels = labelNames(family);
    if (traits.pointLabel !== 'le' && labels.has('le'))
      problems.push('has an "le" label, which only histograms may');
    if (traits.pointLabel !== 'quantile' && labels.has('quantile'))
      problems.push('has a "quantile" label, which only summaries may');
    return problems;
  },
  function typeInName(family) {
    return TYPE_WORDS.filter((word) => hasTrailingWord(family.name, word)).map(
      (word) => `names its type ("${word}"), which the TYPE line already gives`,
    );
  },
  function colons(family) {
    return family.name.includes(':') ? ['contains ":", which is reserved for recording rules'] : [];
  },
  function camelCase(family) {
    const problems: string[] = [];
    if (CAMEL_CASE.test(family.name)) problems.push('is written in camelCase; use snake_case');
    const camelLabels = [...labelNames(family)].filter((label) => CAMEL_CASE.test(label));
    if (camelLabels.length > 0) {
      problems.push(`has labels written in camelCase (${camelLabels.join(', ')}); use snake_case`);
    }
    return problems;
  },
  function abbreviatedUnits(family) {
    const words = family.name.toLowerCase().split('_').slice(1);
    const short = words.filter((word) => ABBREVIATED_UNITS.has(word));
    return short.length > 0 ? [`abbreviates its unit ("${short.join('", "')}"); spell it out`] : [];
  },
  function timestampGauges(family) {
    const { type, name } = family;
    return type !== 'gauge' && type !== 'untyped' && name.endsWith('_timestamp_seconds')
      ? [`is a ${type}; a "_timestamp_seconds" value is a gauge`]
      : [];
  },
];

/**
 * Checks exposition text against Prometheus' naming conventions, the rules
 * `promtool check metrics` applies (client_golang's promlint): help text,
 * base units, `_total` on counters only, suffixes and labels reserved for
 * histograms and summaries, type names and abbreviated units in names, colons,
 * camelCase, and `_timestamp_seconds` on gauges only. Problems are sorted by
 * metric name; none means the metrics follow the conventions.
 */
export function lintExposition(text: string): LintProblem[] {
  const problems: LintProblem[] = [];
  for (const family of parseExposition(text)) {
    for (const rule of RULES) {
      for (const problem of rule(family)) problems.push({ metric: family.name, text: problem });
    }
  }
  return problems.sort((a, b) => (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0));
}
