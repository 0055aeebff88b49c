import { negotiate, OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE } from '../../lib/exposition';

describe('content types', () => {
  it('match what Prometheus expects', () => {
    expect(PROMETHEUS_CONTENT_TYPE).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(OPENMETRICS_CONTENT_TYPE).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
  });
});

describe('negotiate', () => {
  const OM = 'openmetrics';
  const TEXT = 'text';

  it.each<[string, string | undefined | null, 'text' | 'openmetrics']>([
    [
      'Prometheus 2.42 default',
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
      OM,
    ],
    [
      'Prometheus 3 default',
      'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1',
      OM,
    ],
    ['Prometheus < 2.5 (text only)', 'text/plain;version=0.0.4;q=1,*/*;q=0.1', TEXT],
    ['missing', undefined, TEXT],
    ['null', null, TEXT],
    ['empty', '', TEXT],
    ['curl', '*/*', TEXT],
    ['browser', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', TEXT],
    ['bare openmetrics', 'application/openmetrics-text', OM],
    ['openmetrics 0.0.1 alone (served as 1.0.0)', 'application/openmetrics-text; version=0.0.1', OM],
    ['quoted version', 'application/openmetrics-text; version="1.0.0"', OM],
    ['case-insensitive type', 'Application/OpenMetrics-Text; Version=1.0.0', OM],
    ['unsupported openmetrics version', 'application/openmetrics-text;version=2.0.0', TEXT],
    [
      'unsupported version, text fallback',
      'application/openmetrics-text;version=2.0.0,text/plain;q=0.1',
      TEXT,
    ],
    ['text preferred by q', 'application/openmetrics-text;q=0.5,text/plain;version=0.0.4', TEXT],
    ['openmetrics preferred by q', 'text/plain;q=0.5,application/openmetrics-text;q=0.9', OM],
    ['q=0 means not acceptable', 'application/openmetrics-text;q=0,text/plain;q=0.1', TEXT],
    ['q=0 only', 'application/openmetrics-text;q=0', TEXT],
    ['tie: header order decides', 'text/plain,application/openmetrics-text', TEXT],
    ['tie: header order decides (om first)', 'application/openmetrics-text,text/plain', OM],
    ['tie: specific beats wildcard', '*/*,application/openmetrics-text', OM],
    ['text/* wildcard beats lower q openmetrics', 'text/*,application/openmetrics-text;q=0.9', TEXT],
    [
      'whitespace everywhere',
      '  application/openmetrics-text ;  version = 1.0.0 ; q = 1 , text/plain;q=0.5 ',
      OM,
    ],
    [
      'protobuf only',
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited',
      TEXT,
    ],
    ['garbage', 'garbage', TEXT],
    ['punctuation', ';;;,,,==;q', TEXT],
    ['bad q is ignored', 'application/openmetrics-text;q=abc', TEXT],
    ['q above 1 is ignored', 'application/openmetrics-text;q=2,text/plain;q=0.1', TEXT],
    ['negative q is ignored', 'application/openmetrics-text;q=-1', TEXT],
    ['param without value', 'application/openmetrics-text;version;charset', OM],
    ['text/plain 1.0.0 is not 0.0.4', 'text/plain;version=1.0.0', TEXT],
  ])('%s', (_name, header, expected) => {
    const result = negotiate(header);
    expect(result.format).toBe(expected);
    expect(result.contentType).toBe(expected === OM ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE);
  });

  it('{ openMetrics: false } forces text', () => {
    expect(negotiate('application/openmetrics-text;version=1.0.0', { openMetrics: false }).format).toBe(TEXT);
    expect(negotiate('application/openmetrics-text;version=1.0.0', { openMetrics: true }).format).toBe(OM);
  });

  it('never throws on hostile input', () => {
    const inputs: unknown[] = [
      42,
      {},
      [],
      'a'.repeat(100_000),
      '\u0000\uffff,;=',
      ','.repeat(10_000),
      '/;q=1',
    ];
    for (const input of inputs) {
      expect(() => negotiate(input as string)).not.toThrow();
      expect(negotiate(input as string).format).toBe(TEXT);
    }
  });
});
