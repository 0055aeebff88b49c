import {
  negotiate,
  OPENMETRICS_CONTENT_TYPE,
  PROMETHEUS_CONTENT_TYPE,
  PROTOBUF_CONTENT_TYPE,
} from '../../lib/exposition';

describe('content types', () => {
  it('match what Prometheus expects', () => {
    expect(PROMETHEUS_CONTENT_TYPE).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(OPENMETRICS_CONTENT_TYPE).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(PROTOBUF_CONTENT_TYPE).toBe(
      'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
    );
  });
});

const PROTOBUF_RANGE =
  'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited';
/** What Prometheus 2.42 sends with `--enable-feature=native-histograms`. */
const PROMETHEUS_2_42_NATIVE = `${PROTOBUF_RANGE},application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1`;
/** Prometheus 3's default scrape protocols, UTF-8 names allowed. */
const PROMETHEUS_3 =
  'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1';
/** Prometheus 3 with `scrape_native_histograms: true`: protobuf first (no escaping on the protobuf range). */
const PROMETHEUS_3_PROTOBUF_FIRST = `${PROTOBUF_RANGE};q=0.6,application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1`;

describe('negotiate', () => {
  const OM = 'openmetrics';
  const TEXT = 'text';

  it.each<[string, string | undefined | null, 'text' | 'openmetrics']>([
    [
      'Prometheus 2.42 default',
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
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
      'protobuf without the delimited encoding',
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily',
      TEXT,
    ],
    ['protobuf of another message', 'application/vnd.google.protobuf;proto=foo.Bar;encoding=delimited', TEXT],
    ['garbage', 'garbage', TEXT],
    ['punctuation', ';;;,,,==;q', TEXT],
    ['bad q is ignored', 'application/openmetrics-text;q=abc', TEXT],
    ['q above 1 is ignored', 'application/openmetrics-text;q=2,text/plain;q=0.1', TEXT],
    ['negative q is ignored', 'application/openmetrics-text;q=-1', TEXT],
    ['param without value', 'application/openmetrics-text;version;charset', OM],
    ['unknown text version', 'text/plain;version=2.0.0', TEXT],
  ])('%s', (_name, header, expected) => {
    const result = negotiate(header);
    expect(result.format).toBe(expected);
    expect(result.contentType).toBe(expected === OM ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE);
  });

  it('{ openMetrics: false } forces text', () => {
    expect(negotiate('application/openmetrics-text;version=1.0.0', { openMetrics: false }).format).toBe(TEXT);
    expect(negotiate('application/openmetrics-text;version=1.0.0', { openMetrics: true }).format).toBe(OM);
  });

  it('{ openMetrics: false } and { protobuf: false } fall back to the next acceptable format', () => {
    expect(negotiate(PROMETHEUS_2_42_NATIVE, { protobuf: false }).format).toBe(OM);
    expect(negotiate(PROMETHEUS_2_42_NATIVE, { protobuf: false, openMetrics: false }).format).toBe(TEXT);
    expect(negotiate(PROMETHEUS_3_PROTOBUF_FIRST, { openMetrics: false, protobuf: false })).toEqual({
      format: TEXT,
      contentType: 'text/plain; version=1.0.0; charset=utf-8; escaping=allow-utf-8',
      escaping: 'allow-utf-8',
    });
  });

  it.each<[string, string, ReturnType<typeof negotiate>]>([
    [
      'Prometheus 2.42 with native histograms: protobuf, no escaping named',
      PROMETHEUS_2_42_NATIVE,
      { format: 'protobuf', contentType: PROTOBUF_CONTENT_TYPE, escaping: 'underscores' },
    ],
    [
      'Prometheus 3: OpenMetrics 1.0.0 with UTF-8 names',
      PROMETHEUS_3,
      {
        format: OM,
        contentType: `${OPENMETRICS_CONTENT_TYPE}; escaping=allow-utf-8`,
        escaping: 'allow-utf-8',
      },
    ],
    [
      'Prometheus 3 protobuf-first: the scraper-wide scheme applies to protobuf',
      PROMETHEUS_3_PROTOBUF_FIRST,
      {
        format: 'protobuf',
        contentType: `${PROTOBUF_CONTENT_TYPE}; escaping=allow-utf-8`,
        escaping: 'allow-utf-8',
      },
    ],
    [
      'Prometheus 3 with legacy names: underscores',
      PROMETHEUS_3.replaceAll('allow-utf-8', 'underscores'),
      {
        format: OM,
        contentType: `${OPENMETRICS_CONTENT_TYPE}; escaping=underscores`,
        escaping: 'underscores',
      },
    ],
    [
      'text 1.0.0 names its scheme, defaulting to underscores',
      'text/plain;version=1.0.0',
      {
        format: TEXT,
        contentType: 'text/plain; version=1.0.0; charset=utf-8; escaping=underscores',
        escaping: 'underscores',
      },
    ],
    [
      'text 1.0.0 with dots',
      'text/plain;version=1.0.0;escaping=dots',
      {
        format: TEXT,
        contentType: 'text/plain; version=1.0.0; charset=utf-8; escaping=dots',
        escaping: 'dots',
      },
    ],
    [
      'text 1.0.0 with values, preferred by q over OpenMetrics',
      'application/openmetrics-text;version=1.0.0;q=0.2,text/plain;version=1.0.0;escaping=values;q=0.9',
      {
        format: TEXT,
        contentType: 'text/plain; version=1.0.0; charset=utf-8; escaping=values',
        escaping: 'values',
      },
    ],
    [
      'text 0.0.4 cannot quote names: allow-utf-8 becomes underscores',
      'text/plain;version=0.0.4;escaping=allow-utf-8',
      {
        format: TEXT,
        contentType: `${PROMETHEUS_CONTENT_TYPE}; escaping=underscores`,
        escaping: 'underscores',
      },
    ],
    [
      'OpenMetrics 0.0.1 cannot quote names either',
      'application/openmetrics-text;version=0.0.1;q=0.9,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.5',
      {
        format: OM,
        contentType: `${OPENMETRICS_CONTENT_TYPE}; escaping=underscores`,
        escaping: 'underscores',
      },
    ],
    [
      'an unknown scheme is ignored, never echoed',
      'text/plain;version=1.0.0;escaping=evil;x=1',
      {
        format: TEXT,
        contentType: 'text/plain; version=1.0.0; charset=utf-8; escaping=underscores',
        escaping: 'underscores',
      },
    ],
    [
      'protobuf preferred by q',
      `text/plain;version=0.0.4;q=0.5,${PROTOBUF_RANGE};q=0.7`,
      { format: 'protobuf', contentType: PROTOBUF_CONTENT_TYPE, escaping: 'underscores' },
    ],
    [
      'protobuf at q=0 is refused',
      `${PROTOBUF_RANGE};q=0,text/plain;q=0.1`,
      { format: TEXT, contentType: PROMETHEUS_CONTENT_TYPE, escaping: 'underscores' },
    ],
  ])('%s', (_name, header, expected) => {
    expect(negotiate(header)).toEqual(expected);
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
