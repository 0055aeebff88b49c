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
import { escapeHelpOpenMetrics } from './escape';
import { exemplarSuffix } from './exemplar-text';
import { formatCanonical, formatNumber, formatTimestampSeconds } from './format-number';
import { type DefaultLabels, escapedStates, resolveDefaultLabels, seriesLabelText } from './label-text';
import type { WriteOptions } from './write-options';

/** The mandatory last line of an OpenMetrics exposition. */
export const OPENMETRICS_EOF = '# EOF\n';

/** A complete OpenMetrics 1.0.0 exposition, `# EOF` included. */
export function writeOpenMetrics(families: readonly MetricFamily[], options?: WriteOptions): string {
  return writeOpenMetricsBody(families, options) + OPENMETRICS_EOF;
}

/**
 * OpenMetrics 1.0.0 without the final `# EOF`, so a registry can write its
 * families in chunks, concatenate them, and append OPENMETRICS_EOF once.
 */
export function writeOpenMetricsBody(families: readonly MetricFamily[], options?: WriteOptions): string {
  const defaults = resolveDefaultLabels(options?.defaultLabels);
  let out = '';
  for (let i = 0; i < families.length; i++) {
    const family = families[i];
    switch (family.type) {
      case 'counter':
        out += counter(family, defaults);
        break;
      case 'gauge':
      case 'unknown':
        out += gaugeLike(family, defaults);
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

function header(name: string, type: string, help: string, unit: string | undefined): string {
  let out = '# TYPE ' + name + ' ' + type + '\n';
  // OpenMetrics requires the family name to end in `_<unit>`; a UNIT line that
  // does not match would make parsers reject the whole exposition, so it is left out.
  if (unit && name.endsWith('_' + unit)) out += '# UNIT ' + name + ' ' + unit + '\n';
  return out + '# HELP ' + name + ' ' + escapeHelpOpenMetrics(help) + '\n';
}

function timestamp(ms: number | undefined): string {
  return ms === undefined ? '' : ' ' + formatTimestampSeconds(ms);
}

/** `_created` is a sample value in seconds (a float), not a timestamp. */
function createdLine(name: string, plain: string, created: number | undefined, ts: string): string {
  return created === undefined
    ? ''
    : name + '_created' + plain + ' ' + formatNumber(created / 1000) + ts + '\n';
}

function braces(labelText: string): string {
  return labelText === '' ? '' : '{' + labelText + '}';
}

function openBrace(labelText: string): string {
  return labelText === '' ? '{' : '{' + labelText + ',';
}

function counter(family: CounterFamily, defaults: DefaultLabels | undefined): string {
  // The family name has no `_total`; tolerate collectors that include it.
  const name = family.name.endsWith('_total') ? family.name.slice(0, -6) : family.name;
  const total = name + '_total';
  let out = header(name, 'counter', family.help, family.unit);
  const points = family.points;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const plain = braces(seriesLabelText(p.labels, defaults));
    const ts = timestamp(p.timestamp);
    out += total + plain + ' ' + formatNumber(p.value) + ts + exemplarSuffix(p.exemplar) + '\n';
    out += createdLine(name, plain, p.created, ts);
  }
  return out;
}

function gaugeLike(family: GaugeFamily | UnknownFamily, defaults: DefaultLabels | undefined): string {
  const name = family.name;
  let out = header(name, family.type, family.help, family.unit);
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

/** Canonical `le` values per bounds array (+Inf last): bounds are shared by every series of a histogram. */
const leCache = new WeakMap<readonly number[], readonly string[]>();

function leValues(bounds: readonly number[]): readonly string[] {
  let les = leCache.get(bounds);
  if (les === undefined) {
    les = bounds.map(formatCanonical).concat('+Inf');
    leCache.set(bounds, les);
  }
  return les;
}

function histogram(family: HistogramFamily, defaults: DefaultLabels | undefined): string {
  const name = family.name;
  const bucketName = name + '_bucket';
  let out = header(name, 'histogram', family.help, family.unit);
  const points = family.points;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const labelText = seriesLabelText(p.labels, defaults);
    const ts = timestamp(p.timestamp);
    const bucketOpen = bucketName + openBrace(labelText) + 'le="';
    const les = leValues(p.upperBounds);
    const counts = p.bucketCounts;
    const exemplars = p.exemplars;
    let cumulative = 0;
    for (let b = 0; b < les.length; b++) {
      cumulative += counts[b] ?? 0;
      out += bucketOpen + les[b] + '"} ' + formatNumber(cumulative) + ts;
      out += (exemplars === undefined ? '' : exemplarSuffix(exemplars[b])) + '\n';
    }
    const plain = braces(labelText);
    out += name + '_count' + plain + ' ' + formatNumber(p.count) + ts + '\n';
    out += name + '_sum' + plain + ' ' + formatNumber(p.sum) + ts + '\n';
    out += createdLine(name, plain, p.created, ts);
  }
  return out;
}

function summary(family: SummaryFamily, defaults: DefaultLabels | undefined): string {
  const name = family.name;
  let out = header(name, 'summary', family.help, family.unit);
  const points = family.points;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const labelText = seriesLabelText(p.labels, defaults);
    const ts = timestamp(p.timestamp);
    const quantileOpen = name + openBrace(labelText) + 'quantile="';
    const quantiles = p.quantiles;
    for (let q = 0; q < quantiles.length; q++) {
      const { quantile, value } = quantiles[q];
      out += quantileOpen + formatCanonical(quantile) + '"} ' + formatNumber(value) + ts + '\n';
    }
    const plain = braces(labelText);
    out += name + '_count' + plain + ' ' + formatNumber(p.count) + ts + '\n';
    out += name + '_sum' + plain + ' ' + formatNumber(p.sum) + ts + '\n';
    out += createdLine(name, plain, p.created, ts);
  }
  return out;
}

function info(family: InfoFamily, defaults: DefaultLabels | undefined): string {
  // Info and StateSet families must not have a unit in OpenMetrics.
  const name = family.name.endsWith('_info') ? family.name.slice(0, -5) : family.name;
  const sample = name + '_info';
  let out = header(name, 'info', family.help, undefined);
  const points = family.points;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    out += sample + braces(seriesLabelText(p.labels, defaults)) + ' 1' + timestamp(p.timestamp) + '\n';
  }
  return out;
}

function stateSet(family: StateSetFamily, defaults: DefaultLabels | undefined): string {
  const name = family.name;
  let out = header(name, 'stateset', family.help, undefined);
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
