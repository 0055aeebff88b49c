import { escapeHelpText, escapeLabelValue } from '../exposition';
import { formatNumber } from '../model';
import { type ParsedFamily, type ParsedSample, parseExposition, parseNumber } from './parse-exposition';

/** How `diffMetrics` and `collectAndCompare` compare: which families, and whether HELP texts count. */
export interface CompareOptions {
  /**
   * Compare only these families, by family or sample name
   * (`http_request_duration_seconds` or `http_request_duration_seconds_count`).
   */
  names?: readonly string[];
  /** Leave HELP texts out of the comparison. */
  ignoreHelp?: boolean;
}

/**
 * Compares two expositions as data: family and series order, label order,
 * number spelling (`1` and `1.0`, `le="1"` and `le="1.0"`) and, when asked,
 * HELP texts do not matter. Returns a line diff (`-` expected, `+` actual),
 * or undefined when they agree.
 */
export function diffMetrics(
  actual: string,
  expected: string,
  options: CompareOptions = {},
): string | undefined {
  const want = canonicalLines(parseExposition(expected), options);
  const got = canonicalLines(parseExposition(actual), options);
  if (want.length === got.length && want.every((line, i) => line === got[i])) return undefined;
  return `metrics differ (- expected, + actual):\n${lineDiff(want, got).join('\n')}`;
}

/** One canonical text: families by name, HELP (unless ignored) and TYPE, then series sorted. */
function canonicalLines(families: readonly ParsedFamily[], options: CompareOptions): string[] {
  const wanted = options.names === undefined ? undefined : new Set(options.names);
  const lines: string[] = [];
  const selected = families
    .filter((f) => wanted === undefined || wanted.has(f.name) || f.samples.some((s) => wanted.has(s.name)))
    .sort((a, b) => compareText(a.name, b.name));
  for (const family of selected) {
    if (!options.ignoreHelp && family.help !== undefined) {
      lines.push(`# HELP ${family.name} ${escapeHelpText(family.help)}`);
    }
    lines.push(`# TYPE ${family.name} ${family.type}`);
    lines.push(...[...family.samples].sort(compareSamples).map(sampleLine));
  }
  return lines;
}

/** By name, then the other labels, then bucket bound or quantile as a number, so a diff reads like an exposition. */
function compareSamples(a: ParsedSample, b: ParsedSample): number {
  return (
    compareText(a.name, b.name) ||
    compareText(
      sampleLine({ ...a, labels: withoutBound(a.labels), value: 0 }),
      sampleLine({ ...b, labels: withoutBound(b.labels), value: 0 }),
    ) ||
    bound(a) - bound(b) ||
    compareText(sampleLine(a), sampleLine(b))
  );
}

function withoutBound(labels: Readonly<Record<string, string>>): Record<string, string> {
  const { le: _le, quantile: _quantile, ...rest } = labels;
  return rest;
}

function bound(sample: ParsedSample): number {
  const n = parseNumber(sample.labels.le ?? sample.labels.quantile ?? '');
  return n === undefined || Number.isNaN(n) ? 0 : n;
}

function sampleLine(sample: ParsedSample): string {
  const labels = Object.keys(sample.labels)
    .sort(compareText)
    .map((name) => `${name}="${escapeLabelValue(canonicalLabelValue(name, sample.labels[name]))}"`);
  const text = `${sample.name}${labels.length ? `{${labels.join(',')}}` : ''} ${formatNumber(sample.value)}`;
  return sample.timestamp === undefined ? text : `${text} ${formatNumber(sample.timestamp)}`;
}

/** Bucket bounds and quantiles are numbers, whichever way they are spelt. */
function canonicalLabelValue(name: string, value: string): string {
  if (name !== 'le' && name !== 'quantile') return value;
  const n = parseNumber(value);
  return n === undefined ? value : formatNumber(n);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Longer inputs are listed rather than aligned: the alignment table grows with the product of the lengths. */
const MAX_ALIGNED_CELLS = 4_000_000;
/** Unchanged lines shown around each change. */
const CONTEXT = 2;

/** A line diff of two line lists: changed lines marked `-`/`+`, a little context, long unchanged runs elided. */
function lineDiff(want: readonly string[], got: readonly string[]): string[] {
  const marked =
    want.length * got.length > MAX_ALIGNED_CELLS
      ? [...want.map((l) => `- ${l}`), ...got.map((l) => `+ ${l}`)]
      : align(want, got);
  const changed = marked.map((line) => !line.startsWith('  '));
  const out: string[] = [];
  let elided = false;
  for (let i = 0; i < marked.length; i++) {
    const near = changed.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some(Boolean);
    if (near) {
      out.push(marked[i]);
      elided = false;
    } else if (!elided) {
      out.push('  ...');
      elided = true;
    }
  }
  return out;
}

/** Longest common subsequence alignment, as `  `, `- ` and `+ ` prefixed lines. */
function align(want: readonly string[], got: readonly string[]): string[] {
  const n = want.length;
  const m = got.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = want[i] === got[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && want[i] === got[j]) {
      out.push(`  ${want[i++]}`);
      j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push(`- ${want[i++]}`);
    } else {
      out.push(`+ ${got[j++]}`);
    }
  }
  return out;
}
