import type {
  CounterFamily,
  GaugeFamily,
  HistogramFamily,
  InfoFamily,
  MetricFamily,
  StateSetFamily,
  SummaryFamily,
  UnknownFamily,
} from '../model';
import { escapeHelpText } from './escape';
import { formatNumber, formatTimestampMs } from './format-number';
import { type DefaultLabels, escapedStates, resolveDefaultLabels, seriesLabelText } from './label-text';
import type { WriteOptions } from './write-options';

/**
 * Prometheus text exposition format 0.0.4. Only four types exist here, so
 * info and stateset families are written as gauges (the same mapping
 * client_python uses), and OpenMetrics-only data (`_created`, exemplars, units)
 * is left out.
 *
 * Each writer appends to one string: V8 concatenation builds ropes cheaply,
 * and it avoids an array of thousands of small strings and a join.
 */
export function writeText(families: readonly MetricFamily[], options?: WriteOptions): string {
  const defaults = resolveDefaultLabels(options?.defaultLabels);
  let out = '';
  for (let i = 0; i < families.length; i++) {
    const family = families[i];
    switch (family.type) {
      case 'counter':
        out += counter(family, defaults);
        break;
      case 'gauge':
        out += gaugeLike(family, 'gauge', defaults);
        break;
      case 'unknown':
        out += gaugeLike(family, 'untyped', defaults);
        break;
      case 'histogram':
        out += histogram(family, defaults);
        break;
      case 'summary':
        out += summary(family, defaults);
        break;
      case 'info':
        out += info(family, defaults);
        break;
      case 'stateset':
        out += stateSet(family, defaults);
        break;
      default:
        // A type this writer does not know is skipped: one odd collector must not break the scrape.
        assertNever(family);
    }
  }
  return out;
}

function assertNever(_family: never): void {}

function header(name: string, help: string, type: string): string {
  return '# HELP ' + name + ' ' + escapeHelpText(help) + '\n# TYPE ' + name + ' ' + type + '\n';
}

function timestamp(ms: number | undefined): string {
  return ms === undefined ? '' : ' ' + formatTimestampMs(ms);
}

/** `{labels}` or nothing. */
function braces(labelText: string): string {
  return labelText === '' ? '' : '{' + labelText + '}';
}

/** The start of a label block that gets one more label appended. */
function openBrace(labelText: string): string {
  return labelText === '' ? '{' : '{' + labelText + ',';
}

function counter(family: CounterFamily, defaults: DefaultLabels | undefined): string {
  // The model names counters without `_total`; tolerate collectors that include it.
  const name = family.name.endsWith('_total') ? family.name : family.name + '_total';
  let out = header(name, family.help, 'counter');
  const points = family.points;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    out +=
      name +
      braces(seriesLabelText(p.labels, defaults)) +
      ' ' +
      formatNumber(p.value) +
      timestamp(p.timestamp) +
      '\n';
  }
  return out;
}

function gaugeLike(
  family: GaugeFamily | UnknownFamily,
  type: 'gauge' | 'untyped',
  defaults: DefaultLabels | undefined,
): string {
  const name = family.name;
  let out = header(name, family.help, type);
  const points = family.points;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    out +=
      name +
      braces(seriesLabelText(p.labels, defaults)) +
      ' ' +
      formatNumber(p.value) +
      timestamp(p.timestamp) +
      '\n';
  }
  return out;
}

/** Formatted `le` values per bounds array (+Inf last): bounds are shared by every series of a histogram. */
const leCache = new WeakMap<readonly number[], readonly string[]>();

function leValues(bounds: readonly number[]): readonly string[] {
  let les = leCache.get(bounds);
  if (les === undefined) {
    les = bounds.map(formatNumber).concat('+Inf');
    leCache.set(bounds, les);
  }
  return les;
}

function histogram(family: HistogramFamily, defaults: DefaultLabels | undefined): string {
  const name = family.name;
  const bucketName = name + '_bucket';
  let out = header(name, family.help, 'histogram');
  const points = family.points;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const labelText = seriesLabelText(p.labels, defaults);
    const ts = timestamp(p.timestamp);
    const bucketOpen = bucketName + openBrace(labelText) + 'le="';
    const les = leValues(p.upperBounds);
    const counts = p.bucketCounts;
    let cumulative = 0;
    for (let b = 0; b < les.length; b++) {
      cumulative += counts[b] ?? 0;
      out += bucketOpen + les[b] + '"} ' + formatNumber(cumulative) + ts + '\n';
    }
    const plain = braces(labelText);
    out += name + '_sum' + plain + ' ' + formatNumber(p.sum) + ts + '\n';
    out += name + '_count' + plain + ' ' + formatNumber(p.count) + ts + '\n';
  }
  return out;
}

function summary(family: SummaryFamily, defaults: DefaultLabels | undefined): string {
  const name = family.name;
  let out = header(name, family.help, 'summary');
  const points = family.points;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const labelText = seriesLabelText(p.labels, defaults);
    const ts = timestamp(p.timestamp);
    const quantileOpen = name + openBrace(labelText) + 'quantile="';
    const quantiles = p.quantiles;
    for (let q = 0; q < quantiles.length; q++) {
      const { quantile, value } = quantiles[q];
      out += quantileOpen + formatNumber(quantile) + '"} ' + formatNumber(value) + ts + '\n';
    }
    const plain = braces(labelText);
    out += name + '_sum' + plain + ' ' + formatNumber(p.sum) + ts + '\n';
    out += name + '_count' + plain + ' ' + formatNumber(p.count) + ts + '\n';
  }
  return out;
}

function info(family: InfoFamily, defaults: DefaultLabels | undefined): string {
  const name = family.name.endsWith('_info') ? family.name : family.name + '_info';
  let out = header(name, family.help, 'gauge');
  const points = family.points;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    out += name + braces(seriesLabelText(p.labels, defaults)) + ' 1' + timestamp(p.timestamp) + '\n';
  }
  return out;
}

function stateSet(family: StateSetFamily, defaults: DefaultLabels | undefined): string {
  const name = family.name;
  let out = header(name, family.help, 'gauge');
  const points = family.points;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const stateOpen = name + openBrace(seriesLabelText(p.labels, defaults)) + name + '="';
    const ts = timestamp(p.timestamp);
    const states = escapedStates(p.states);
    for (let s = 0; s < states.length; s++) {
      out += stateOpen + states[s] + (p.enabled[s] ? '"} 1' : '"} 0') + ts + '\n';
    }
  }
  return out;
}
