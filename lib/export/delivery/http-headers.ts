import { isPlainObject, type OptionRule } from '../../core';

/** RFC 9110's token: what a header name may be. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A header value may not break the header block. */
const BREAKS_LINE = /[\r\n\0]/;

/**
 * Why `headers` cannot be sent, or undefined when they can: checked before
 * sending, since a request that can never be made would otherwise be retried
 * as if the receiver were down.
 */
export function headersProblem(headers: unknown): string | undefined {
  if (!isPlainObject(headers)) return 'must be an object of header names and string values';
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) return `has a header name that is not an HTTP token: ${JSON.stringify(name)}`;
    if (typeof value !== 'string') return `has a header ${name} that is not a string`;
    if (BREAKS_LINE.test(value)) return `has a header ${name} whose value holds a line break or NUL`;
  }
  return undefined;
}

/**
 * The `headers` option: HTTP header names, each with a string value that fits
 * on its line. Its error names the header, never a value (an authorization's, say).
 */
export const httpHeaders: OptionRule = {
  allowed: 'an object of HTTP header names and string values without line breaks',
  accepts: isPlainObject,
  problem: (value, path) => {
    const problem = headersProblem(value);
    return problem === undefined ? undefined : `${path} ${problem}`;
  },
};
