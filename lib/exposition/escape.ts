/**
 * Escaping for the two text formats. Label values escape the same way in both;
 * HELP text differs: text 0.0.4 leaves `"` alone, OpenMetrics escapes it.
 */

const LABEL_VALUE_SPECIALS = /[\\"\n]/;
const LABEL_VALUE_SPECIALS_ALL = /[\\"\n]/g;
const HELP_TEXT_SPECIALS = /[\\\n]/;
const HELP_TEXT_SPECIALS_ALL = /[\\\n]/g;

function replaceSpecial(c: string): string {
  return c === '\n' ? '\\n' : '\\' + c;
}

/** `\` -> `\\`, `"` -> `\"`, newline -> `\n`; other characters (any Unicode) pass through. */
export function escapeLabelValue(value: string): string {
  // Most values need nothing; test first so the common case allocates nothing.
  return LABEL_VALUE_SPECIALS.test(value) ? value.replace(LABEL_VALUE_SPECIALS_ALL, replaceSpecial) : value;
}

/** HELP text in Prometheus text format 0.0.4: only `\` and newline are escaped. */
export function escapeHelpText(help: string): string {
  return HELP_TEXT_SPECIALS.test(help) ? help.replace(HELP_TEXT_SPECIALS_ALL, replaceSpecial) : help;
}

/** HELP text in OpenMetrics: `\`, newline and `"` are escaped, like label values. */
export function escapeHelpOpenMetrics(help: string): string {
  return escapeLabelValue(help);
}
