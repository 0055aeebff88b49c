import { HttpMetrics, Registry } from 'promkit';

describe('HttpMetrics options', () => {
  let warnings: jest.SpyInstance;
  beforeEach(() => {
    warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  });
  afterEach(() => warnings.mockRestore());

  /** Whether a GET of `url` is measured (begin gives a measurement) or left out. */
  const measured = (recorder: HttpMetrics, url: string) => recorder.begin('GET', url) !== undefined;

  it('excludePaths: the metrics endpoint is left out besides the paths listed, with no warning', () => {
    const recorder = new HttpMetrics({ registry: new Registry(), excludePaths: ['/prom'] });
    expect(['/metrics', '/prom', '/orders'].map((url) => measured(recorder, url))).toEqual([
      false,
      false,
      true,
    ]);
    expect(warnings).not.toHaveBeenCalled();
  });

  it('metricsPath still works, deprecated: one warning per process naming excludePaths', () => {
    const first = new HttpMetrics({ registry: new Registry(), metricsPath: '/prom' });
    const second = new HttpMetrics({ registry: new Registry(), metricsPath: '/prom' });
    expect(measured(first, '/prom')).toBe(false);
    expect(measured(second, '/prom?x=1')).toBe(false);
    expect(measured(first, '/orders')).toBe(true);
    expect(warnings.mock.calls).toEqual([
      [
        `HTTP server metrics: the option "metricsPath" is deprecated and will be removed; list '/prom' in excludePaths instead.`,
        { type: 'DeprecationWarning', code: 'PROMKIT_DEPRECATED_OPTION' },
      ],
    ]);
  });
});
