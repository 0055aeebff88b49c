/** The path part of a request target: everything before the query. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

const QUESTION_MARK = 0x3f;

/**
 * Whether the path part of `url` is `path`, without cutting it out of the
 * URL. Lengths and the one character after the path come first: most URLs
 * are told apart by them, before any characters are compared.
 */
function hasPath(url: string, path: string): boolean {
  const length = path.length;
  if (url.length === length) return url === path;
  return url.length > length && url.charCodeAt(length) === QUESTION_MARK && url.startsWith(path);
}

/**
 * Up to this many exact paths are compared with each request's URL in turn:
 * most URLs differ from each in their first characters, where a set lookup
 * would first cut the path out of the URL and hash it.
 */
const COMPARED_ONE_BY_ONE = 8;

/**
 * Which request paths are left out of the metrics: exact paths compared in
 * turn, or in a set when there are many (one lookup per request), patterns
 * only when some were given.
 */
export class PathFilter {
  private readonly exact: ReadonlySet<string>;
  /** The exact paths when they are few enough to compare one by one. */
  private readonly few: readonly string[] | undefined;
  private readonly patterns: RegExp[];

  constructor(paths: ReadonlyArray<string | RegExp>) {
    this.exact = new Set(paths.filter((p): p is string => typeof p === 'string'));
    this.few = this.exact.size <= COMPARED_ONE_BY_ONE ? [...this.exact] : undefined;
    this.patterns = paths.filter((p): p is RegExp => p instanceof RegExp);
  }

  excludes(url: string): boolean {
    const few = this.few;
    if (few === undefined) {
      if (this.exact.has(pathOf(url))) return true;
    } else {
      for (let i = 0; i < few.length; i++) if (hasPath(url, few[i])) return true;
    }
    return this.patterns.length > 0 && this.matchesPattern(pathOf(url));
  }

  private matchesPattern(path: string): boolean {
    for (const pattern of this.patterns) {
      pattern.lastIndex = 0;
      if (pattern.test(path)) return true;
    }
    return false;
  }
}
