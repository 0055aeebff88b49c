import { HttpMetrics, Registry } from 'promkit';

/** Whether a GET of `url` is measured (begin gives a measurement) or left out. */
function measured(excludePaths: ReadonlyArray<string | RegExp>, urls: string[]): boolean[] {
  const recorder = new HttpMetrics({ registry: new Registry(), excludePaths });
  return urls.map((url) => recorder.begin('GET', url) !== undefined);
}

const URLS = ['/prom', '/prom?x=1', '/prom/', '/promx', '/pro', '/pro?m', '/metrics?name[]=up', '/orders'];
const EXPECTED = [false, false, true, true, true, true, false, true];

describe('HTTP metrics excludePaths', () => {
  it('leaves out a URL whose path, without its query, is an excluded path, and no other', () => {
    expect(measured(['/prom'], URLS)).toEqual(EXPECTED);
  });

  it('decides alike with many excluded paths', () => {
    const many = Array.from({ length: 20 }, (_, i) => `/other-${i}`);
    expect(measured([...many, '/prom'], URLS)).toEqual(EXPECTED);
    expect(measured(many, ['/other-19', '/other-19?a', '/other-1x'])).toEqual([false, false, true]);
  });

  it('matches patterns against the path without its query', () => {
    expect(
      measured([/^\/internal\/[a-z]+$/], ['/internal/a?b=1', '/internal/a/b', '/x?/internal/a']),
    ).toEqual([false, true, true]);
  });
});
