const REASON = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * The `reason` label of a request that got no response: the error's string
 * code (ECONNREFUSED, ENOTFOUND, UND_ERR_HEADERS_TIMEOUT...), else its class
 * name when it is more than `Error` (AbortError, TimeoutError), else `error`.
 * Only identifier-like values pass, so a message can never become a label.
 */
export function failureReason(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'error';
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && REASON.test(code)) return code;
  if (typeof name === 'string' && name !== 'Error' && REASON.test(name)) return name;
  return 'error';
}
