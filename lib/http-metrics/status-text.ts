/** The text of every standard status code, made once: `String()` per request allocates. */
const STATUS_TEXTS: readonly string[] = Array.from({ length: 600 }, (_, code) => String(code));

/** `404` → `'404'`, without allocating for a standard code. */
export function statusText(statusCode: number): string {
  return STATUS_TEXTS[statusCode] ?? String(statusCode);
}
