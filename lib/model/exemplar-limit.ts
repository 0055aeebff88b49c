import type { Exemplar } from './metric-family';
import { isLegacyLabelName } from './names';

/** OpenMetrics: the label names plus values of one exemplar, at most this many code points. */
export const EXEMPLAR_MAX_CODE_POINTS = 128;

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

/** The length OpenMetrics limits: every label name and value of an exemplar, in code points. */
export function exemplarLabelsLength(labels: Readonly<Record<string, string>>): number {
  let n = 0;
  for (const name in labels) n += codePoints(name) + codePoints(labels[name]);
  return n;
}

/**
 * Whether an exemplar can be exposed: valid label names, string values within
 * the length limit, a numeric value. Core checks exemplars when they are
 * recorded; writers check again because a custom collector may hand them any
 * object, and one bad exemplar can make a strict parser reject a whole scrape.
 */
export function isValidExemplar(exemplar: Exemplar): boolean {
  const labels = exemplar.labels;
  if (labels === null || typeof labels !== 'object' || typeof exemplar.value !== 'number') return false;
  for (const name in labels) {
    if (!isLegacyLabelName(name) || typeof labels[name] !== 'string') return false;
  }
  return exemplarLabelsLength(labels) <= EXEMPLAR_MAX_CODE_POINTS;
}
