/** Deprecated options already warned about, by owner and name: once each per process. */
const warned = new Set<string>();

/**
 * Tells the app, once per process, that `owner` was given the deprecated
 * option `name` and what replaces it. A Node DeprecationWarning, so
 * `--no-deprecation` silences it and `--throw-deprecation` makes it an error.
 */
export function warnDeprecatedOption(owner: string, name: string, replacement: string): void {
  const key = `${owner}\u0000${name}`;
  if (warned.has(key)) return;
  warned.add(key);
  process.emitWarning(`${owner}: the option "${name}" is deprecated and will be removed; ${replacement}.`, {
    type: 'DeprecationWarning',
    code: 'PROMKIT_DEPRECATED_OPTION',
  });
}
