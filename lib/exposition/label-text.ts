import { type LabelSet, labelValueAt } from '../model';
import { escapeLabelValue } from './escape';

/**
 * What goes before each value of a label set with these names: `a="`, then
 * `",b="`, ...; `braced` has the opening brace in the first. Computed once
 * per names array (the series of a metric share one), and the last one is
 * kept at hand: a scrape asks for the same names series after series.
 */
interface Openers {
  readonly plain: readonly string[];
  readonly braced: readonly string[];
}

const openersCache = new WeakMap<readonly string[], Openers>();
let lastNames: readonly string[] | undefined;
let lastOpeners: Openers = { plain: [], braced: [] };

function openersOf(names: readonly string[]): Openers {
  if (names === lastNames) return lastOpeners;
  let openers = openersCache.get(names);
  if (openers === undefined) {
    const plain = names.map((name, i) => (i === 0 ? '' : '",') + name + '="');
    openers = { plain, braced: plain.map((opener, i) => (i === 0 ? '{' + opener : opener)) };
    openersCache.set(names, openers);
  }
  lastNames = names;
  lastOpeners = openers;
  return openers;
}

/**
 * The escaped `a="x",b="y"` form of a label set (no braces). It is not kept on
 * the series: kept, it would double the memory of a series. The text writers
 * keep the label blocks of a family's one-line series as bytes instead
 * (`series-label-bytes.ts`).
 */
export function labelSetText(labels: LabelSet): string {
  return joinedLabels(labels, openersOf(labels.labelNames).plain, '"');
}

/**
 * The `{a="x",b="y"}` form of a label set, '' without labels. The braces
 * come with the first and last pieces rather than as two concatenations of
 * their own: a scrape makes these for every series, and each concatenation
 * is an object for the collector.
 */
export function bracedLabelSetText(labels: LabelSet): string {
  return joinedLabels(labels, openersOf(labels.labelNames).braced, '"}');
}

/** Each value escaped after its opener, then `close`; '' without labels. */
function joinedLabels(labels: LabelSet, openers: readonly string[], close: string): string {
  const count = labels.labelNames.length;
  if (count === 0) return '';
  let text = '';
  for (let i = 0; i < count; i++) text += openers[i] + escapeLabelValue(labelValueAt(labels, i));
  return text + close;
}

/**
 * Registry-wide default labels, resolved once per write so each series only
 * pays for a name-collision check.
 */
export interface DefaultLabels {
  readonly set: LabelSet;
  readonly text: string;
  readonly names: ReadonlySet<string>;
}

export function resolveDefaultLabels(set: LabelSet | undefined): DefaultLabels | undefined {
  if (set === undefined || set.labelNames.length === 0) return undefined;
  return { set, text: labelSetText(set), names: new Set(set.labelNames) };
}

/** The default labels without `name`: a label the writer adds itself (a state set's state label) wins over a default. */
export function defaultsWithout(defaults: DefaultLabels, name: string): DefaultLabels | undefined {
  const { labelNames, labelValues } = defaults.set;
  const kept = labelNames.flatMap((n, i) => (n === name ? [] : [i]));
  return resolveDefaultLabels({
    labelNames: kept.map((i) => labelNames[i]),
    labelValues: kept.map((i) => labelValues[i]),
  });
}

/**
 * The label text of one series with default labels before its own labels
 * (where prom-client writes them for histograms). A series that already has a
 * label of a default's name keeps its own value: the default is dropped rather
 * than duplicated (duplicate label names are invalid output).
 */
export function seriesLabelText(labels: LabelSet, defaults: DefaultLabels | undefined): string {
  return withDefaults(labels, defaults, true);
}

/**
 * The label text of one series followed by the default labels it does not
 * override: where prom-client writes default labels for counters, gauges and
 * summaries.
 */
export function seriesLabelTextThenDefaults(labels: LabelSet, defaults: DefaultLabels | undefined): string {
  return withDefaults(labels, defaults, false);
}

function withDefaults(labels: LabelSet, defaults: DefaultLabels | undefined, defaultsFirst: boolean): string {
  const own = labelSetText(labels);
  if (defaults === undefined) return own;
  if (labels.labelNames.length === 0) return defaults.text;
  const rest = defaultsNotOverridden(defaults, labels);
  if (rest === '') return own;
  return defaultsFirst ? rest + ',' + own : own + ',' + rest;
}

/** The default labels whose names the series does not use itself; all of them on the common path. */
function defaultsNotOverridden(defaults: DefaultLabels, labels: LabelSet): string {
  const names = labels.labelNames;
  let overridden = false;
  for (let i = 0; i < names.length; i++) {
    if (defaults.names.has(names[i])) {
      overridden = true;
      break;
    }
  }
  if (!overridden) return defaults.text;
  let text = '';
  for (let i = 0; i < defaults.set.labelNames.length; i++) {
    const name = defaults.set.labelNames[i];
    if (names.includes(name)) continue;
    if (text !== '') text += ',';
    text += name + '="' + escapeLabelValue(defaults.set.labelValues[i]) + '"';
  }
  return text;
}

const escapedStatesCache = new WeakMap<readonly string[], readonly string[]>();

/** StateSet state names become label values; a series' states array is long-lived, so cache per array. */
export function escapedStates(states: readonly string[]): readonly string[] {
  let escaped = escapedStatesCache.get(states);
  if (escaped === undefined) {
    escaped = states.map(escapeLabelValue);
    escapedStatesCache.set(states, escaped);
  }
  return escaped;
}
