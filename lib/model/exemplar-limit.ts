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
