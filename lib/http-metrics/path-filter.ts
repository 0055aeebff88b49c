/** The path part of a request target: everything before the query. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/**
 * Which request paths are left out of the metrics: exact paths in a set (one
 * lookup per request), patterns only when some were given.
 */
export class PathFilter {
  private readonly exact: Set<string>;
  private readonly patterns: RegExp[];

  constructor(paths: ReadonlyArray<string | RegExp>) {
    this.exact = new Set(paths.filter((p): p is string => typeof p === 'string'));
    this.patterns = paths.filter((p): p is RegExp => p instanceof RegExp);
  }

  excludes(url: string): boolean {
    const path = pathOf(url);
    if (this.exact.has(path)) return true;
    for (const pattern of this.patterns) {
      pattern.lastIndex = 0;
      if (pattern.test(path)) return true;
    }
    return false;
  }
}
