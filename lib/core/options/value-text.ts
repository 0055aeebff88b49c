/** Keys whose values are secrets (`key`: a TLS private key): an error message shows that they are set, never what they are. */
const SECRET_KEYS = /^(password|pass|passwd|passphrase|secret|token|bearer|apikey|api_key|key)$/i;

/** A PEM private key, whatever option (even a misspelt one) it was given under. */
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/**
 * A value as an error message shows it, short and in source form: strings
 * quoted, instances by class, functions by name, objects by their fields
 * (secrets hidden).
 */
export function valueText(value: unknown, depth = 0): string {
  if (typeof value === 'string') return PRIVATE_KEY.test(value) ? hiddenText(value) : `'${value}'`;
  if (typeof value === 'function') return functionText(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  if (value instanceof RegExp) return String(value);
  if (depth > 2) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) return `[${value.map((item) => valueText(item, depth + 1)).join(', ')}]`;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value.constructor?.name || 'an object';
  const fields = Object.entries(value).map(
    ([key, field]) => `${key}: ${SECRET_KEYS.test(key) ? hiddenText(field) : valueText(field, depth + 1)}`,
  );
  return fields.length ? `{ ${fields.join(', ')} }` : '{}';
}

/** The value found under `key` as an error message shows it: a secret's kind only. */
export function valueTextOf(key: string, value: unknown): string {
  return SECRET_KEYS.test(key.replace(/\[\d+\]$/, '')) ? hiddenText(value) : valueText(value);
}

function hiddenText(value: unknown): string {
  return `(a ${value === null ? 'null' : typeof value}, hidden)`;
}

/** True for `{ ... }` written as an object literal (or made without a prototype), not an instance or array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function functionText(fn: Function): string {
  const kind = /^class[\s{]/.test(Function.prototype.toString.call(fn)) ? 'class' : 'function';
  return fn.name ? `${kind} ${fn.name}` : `an anonymous ${kind}`;
}
