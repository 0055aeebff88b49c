/**
 * prometheus.io's escaping schemes, for names outside the legacy character
 * set when the scraper cannot take them quoted. Where the escaping-scheme
 * document and Prometheus' own implementation (prometheus/common, which
 * client_java follows) differ, this follows the implementation, so a name
 * escapes to the same series whichever client exposed it: `dots` turns other
 * characters into `__`, and `values` writes code points in lower-case hex.
 */

/** How a name is written when it is not legacy: as is (quoted), or escaped one of three ways. */
export type EscapingScheme = 'allow-utf-8' | 'underscores' | 'dots' | 'values';

/** The schemes that rewrite a UTF-8 name, for scrapers that cannot read it quoted (Prometheus 2.x among them). */
export const REWRITING_SCHEMES: readonly EscapingScheme[] = ['underscores', 'dots', 'values'];

function isLegacyChar(c: number, first: boolean): boolean {
  return (
    (c >= 97 && c <= 122) || // a-z
    (c >= 65 && c <= 90) || // A-Z
    c === 95 || // _
    c === 58 || // :
    (!first && c >= 48 && c <= 57) // 0-9, not first
  );
}

/**
 * A name escaped with `scheme` (`allow-utf-8` leaves it alone). Callers pass
 * only names outside the legacy set: legacy names are never escaped, not even
 * the underscores `dots` would double.
 */
export function escapeName(name: string, scheme: EscapingScheme): string {
  if (scheme === 'allow-utf-8' || name === '') return name;
  let out = scheme === 'values' ? 'U__' : '';
  let first = true;
  for (const char of name) {
    const c = char.codePointAt(0) as number;
    if (scheme === 'underscores') {
      out += isLegacyChar(c, first) ? char : '_';
    } else if (c === 95) {
      out += '__';
    } else if (scheme === 'dots' && c === 46) {
      out += '_dot_';
    } else if (isLegacyChar(c, first)) {
      out += char;
    } else if (scheme === 'dots') {
      out += '__';
    } else {
      // A lone surrogate has no code point of its own: U+FFFD, as Prometheus writes invalid UTF-8.
      out += c >= 0xd800 && c <= 0xdfff ? '_FFFD_' : `_${c.toString(16)}_`;
    }
    first = false;
  }
  return out;
}

/** A name inside double quotes, as text 1.0.0 and OpenMetrics write UTF-8 names: `\`, `"` and newline escaped. */
export function quoteName(name: string): string {
  return `"${name.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`;
}
