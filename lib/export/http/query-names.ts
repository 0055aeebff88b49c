/** More `name[]` values than any real scrape sends; caps the work a hostile query can cause. */
const MAX_NAMES = 1000;

/**
 * The metric names asked for with Prometheus' `?name[]=a&name[]=b` (the
 * Python client's convention), or undefined when the query asks for all.
 * Malformed percent-escapes are kept literally rather than rejected: a
 * name that matches nothing simply selects nothing.
 */
export function requestedNames(url: string | undefined): string[] | undefined {
  if (typeof url !== 'string') return undefined;
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  const names = new URLSearchParams(url.slice(q + 1)).getAll('name[]');
  if (names.length === 0) return undefined;
  return names.slice(0, MAX_NAMES);
}
