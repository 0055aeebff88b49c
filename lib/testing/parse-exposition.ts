/**
 * A parser for the Prometheus text format (0.0.4) as tests write it and
 * registries serve it, so expected and actual output can be compared as data.
 * OpenMetrics input is read too where it differs only in details (`# EOF`,
 * `# UNIT`, exemplars, `unknown`), which are normalised or left out.
 */

import { isSampleOf } from '../model';

export interface ParsedSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly timestamp?: number;
}

/** One metric family of parsed exposition text. */
export interface ParsedFamily {
  readonly name: string;
  /** `counter`, `gauge`, `histogram`, `summary` or `untyped` (OpenMetrics types as written). */
  readonly type: string;
  /** Undefined when the family has no HELP line. */
  readonly help: string | undefined;
  readonly samples: ParsedSample[];
}

/** Exposition text that `parseExposition` cannot parse. */
export class ExpositionParseError extends Error {
  override name = 'ExpositionParseError';
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

interface MutableFamily {
  name: string;
  type: string;
  help: string | undefined;
  samples: ParsedSample[];
}

/** Parses exposition text into families, in the order they appear; throws naming the line on bad input. */
export function parseExposition(text: string): ParsedFamily[] {
  const families: MutableFamily[] = [];
  const byName = new Map<string, MutableFamily>();
  const family = (name: string): MutableFamily => {
    let found = byName.get(name);
    if (found === undefined) {
      found = { name, type: 'untyped', help: undefined, samples: [] };
      byName.set(name, found);
      families.push(found);
    }
    return found;
  };
  let current: MutableFamily | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const fail = (problem: string): never => {
      throw new ExpositionParseError(`line ${i + 1}: ${problem}: ${line}`);
    };
    if (line.startsWith('#')) {
      const match = /^#\s+(HELP|TYPE|UNIT|EOF)(?:\s+([^\s]+)(?:\s(.*))?)?$/.exec(line);
      if (match === null) continue; // a plain comment
      const [, keyword, name, rest = ''] = match;
      if (keyword === 'EOF') break;
      if (name === undefined || !NAME.test(name)) fail(`${keyword} without a valid metric name`);
      current = family(name);
      if (keyword === 'HELP') current.help = unescapeHelp(rest);
      if (keyword === 'TYPE') current.type = rest.trim() === 'unknown' ? 'untyped' : rest.trim();
      continue;
    }
    const sample = parseSample(line, fail);
    current = current !== undefined && belongsTo(sample.name, current) ? current : family(sample.name);
    current.samples.push(sample);
  }
  return families;
}

function belongsTo(sampleName: string, family: MutableFamily): boolean {
  return isSampleOf(family.type, family.name, sampleName);
}

function parseSample(line: string, fail: (problem: string) => never): ParsedSample {
  const name = NAME.exec(line)?.[0] ?? fail('expected a metric name');
  let at = name.length;
  const labels: Record<string, string> = {};
  if (line[at] === '{') {
    at++;
    for (;;) {
      at = skipSpaces(line, at);
      if (line[at] === '}') break;
      const labelName = LABEL_NAME.exec(line.slice(at))?.[0] ?? fail('expected a label name');
      at = skipSpaces(line, at + labelName.length);
      if (line[at] !== '=') fail(`expected = after label ${labelName}`);
      at = skipSpaces(line, at + 1);
      if (line[at] !== '"') fail(`expected a quoted value for label ${labelName}`);
      const [value, end] = readQuoted(line, at + 1) ?? fail(`unterminated value of label ${labelName}`);
      if (labelName in labels) fail(`label ${labelName} given twice`);
      labels[labelName] = value;
      at = skipSpaces(line, end);
      if (line[at] === ',') at++;
      else if (line[at] !== '}') fail('expected , or } after a label');
    }
    at++;
  }
  // OpenMetrics exemplars follow " # "; they are not part of the sample.
  const exemplarAt = line.indexOf(' # ', at);
  const fields = (exemplarAt < 0 ? line.slice(at) : line.slice(at, exemplarAt)).trim().split(/\s+/);
  if (fields.length < 1 || fields.length > 2 || fields[0] === '')
    fail('expected a value and an optional timestamp');
  const value = parseNumber(fields[0]) ?? fail(`bad value "${fields[0]}"`);
  if (fields.length === 1) return { name, labels, value };
  const timestamp = parseNumber(fields[1]) ?? fail(`bad timestamp "${fields[1]}"`);
  return { name, labels, value, timestamp };
}

function skipSpaces(line: string, at: number): number {
  while (line[at] === ' ' || line[at] === '\t') at++;
  return at;
}

/** The unescaped text of a quoted label value starting after its opening quote, and the index after the closing one. */
function readQuoted(line: string, start: number): [string, number] | undefined {
  let out = '';
  for (let i = start; i < line.length; i++) {
    const c = line[i];
    if (c === '"') return [out, i + 1];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = line[++i];
    out += next === 'n' ? '\n' : next;
  }
  return undefined;
}

function unescapeHelp(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** Go's float syntax as Prometheus writes and reads it, infinities and NaN included. */
export function parseNumber(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Number.POSITIVE_INFINITY;
  if (lower === '-inf') return Number.NEGATIVE_INFINITY;
  if (lower === 'nan') return Number.NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}
