import type { Exemplar } from '../model';
import { escapeLabelValue } from './escape';
import { formatNumber, formatTimestampSeconds } from './format-number';

/** OpenMetrics: label names plus values of one exemplar, in code points. */
export const EXEMPLAR_MAX_CODE_POINTS = 128;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * The ` # {labels} value timestamp?` suffix of a sample line, or '' when there
 * is no exemplar or it is invalid. Core validates exemplars when they are
 * recorded; this is the last line of defence, because one bad exemplar would
 * make a strict parser reject the whole scrape. Dropping it loses only the
 * exemplar.
 */
export function exemplarSuffix(exemplar: Exemplar | undefined): string {
  if (exemplar === undefined) return '';
  const labels = exemplar.labels;
  let text = '';
  let units = 0;
  for (const name in labels) {
    const value = labels[name];
    if (typeof value !== 'string' || !LABEL_NAME.test(name)) return '';
    units += name.length + value.length;
    if (text !== '') text += ',';
    text += name + '="' + escapeLabelValue(value) + '"';
  }
  // UTF-16 length is an upper bound on code points; count exactly only when it could matter.
  if (units > EXEMPLAR_MAX_CODE_POINTS && labelCodePoints(labels) > EXEMPLAR_MAX_CODE_POINTS) return '';
  let out = ' # {' + text + '} ' + formatNumber(exemplar.value);
  if (exemplar.timestamp !== undefined) out += ' ' + formatTimestampSeconds(exemplar.timestamp);
  return out;
}

function labelCodePoints(labels: Readonly<Record<string, string>>): number {
  let n = 0;
  for (const name in labels) n += codePoints(name) + codePoints(labels[name]);
  return n;
}

/** Code points, not UTF-16 units: a surrogate pair (e.g. an emoji) counts once. */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}
