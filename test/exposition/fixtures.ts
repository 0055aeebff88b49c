import type { LabelSet, MetricFamily } from '../../lib/model';

/** A fresh label set from `{name: value}` (insertion order is label order). */
export function labels(map: Record<string, string> = {}): LabelSet {
  return { labelNames: Object.keys(map), labelValues: Object.values(map) };
}

/** Label values that exercise every escaping rule and non-ASCII text. */
export const NASTY_VALUES = {
  quote: 'say "hi"',
  backslash: 'C:\\path\\to\\dir',
  newline: 'line1\nline2',
  mixed: 'a\\"b\n\\n',
  unicode: 'Grüße, 日本語, emoji 🎉',
  empty: '',
  braces: '}{,=" # {x="y"} 1',
} as const;

/**
 * A realistic exposition: every family type, labels with nasty values,
 * timestamps, created times, exemplars, units. Names follow Prometheus naming
 * conventions so promtool's linter has nothing to complain about.
 */
export function realisticFamilies(): MetricFamily[] {
  const created = 1_700_000_000_123;
  return [
    {
      name: 'http_requests',
      help: 'Total HTTP requests.\nSecond line with a \\ backslash and "quotes".',
      type: 'counter',
      points: [
        {
          ...labels({ method: 'GET', path: NASTY_VALUES.quote }),
          value: 1027,
          created,
          exemplar: { labels: { trace_id: 'abc123' }, value: 1, timestamp: 1_700_000_001_500 },
        },
        { ...labels({ method: 'POST', path: NASTY_VALUES.backslash }), value: 3, created },
        { ...labels({ method: 'PUT', path: NASTY_VALUES.newline }), value: 0 },
        { ...labels({ method: 'DELETE', path: NASTY_VALUES.mixed }), value: 1.5e10 },
        { ...labels({ method: 'PATCH', path: NASTY_VALUES.unicode }), value: 7 },
        { ...labels({ method: 'HEAD', path: NASTY_VALUES.empty }), value: 2 },
        { ...labels({ method: 'OPTIONS', path: NASTY_VALUES.braces }), value: 4 },
      ],
    },
    {
      name: 'process_resident_memory_bytes',
      help: 'Resident memory size in bytes.',
      type: 'gauge',
      unit: 'bytes',
      points: [{ ...labels(), value: 123456789 }],
    },
    {
      name: 'queue_depth',
      help: 'Items waiting, per queue.',
      type: 'gauge',
      points: [
        { ...labels({ queue: 'a' }), value: -3.25 },
        { ...labels({ queue: 'b' }), value: 0.00001 },
        { ...labels({ queue: 'c' }), value: Number.NaN },
        { ...labels({ queue: 'd' }), value: Infinity, timestamp: 1_700_000_000_000 },
      ],
    },
    {
      name: 'legacy_thing',
      help: 'Something from a collector that does not know its type.',
      type: 'unknown',
      points: [{ ...labels({ kind: 'x' }), value: 42 }],
    },
    {
      name: 'request_duration_seconds',
      help: 'Request latency.',
      type: 'histogram',
      unit: 'seconds',
      points: [
        {
          ...labels({ route: '/users/:id' }),
          upperBounds: [0.005, 0.1, 1, 2.5, 10],
          bucketCounts: [1, 2, 3, 0, 1, 1],
          count: 8,
          sum: 17.25,
          created,
          exemplars: [
            { labels: { trace_id: 'fast' }, value: 0.004 },
            undefined,
            { labels: { trace_id: 'mid', span_id: 'ü🎉' }, value: 0.7, timestamp: 1_700_000_002_000 },
          ],
        },
        {
          ...labels({ route: NASTY_VALUES.unicode }),
          upperBounds: [0.005, 0.1, 1, 2.5, 10],
          bucketCounts: [0, 0, 0, 0, 0, 0],
          count: 0,
          sum: 0,
        },
      ],
    },
    {
      name: 'rpc_duration_seconds',
      help: 'RPC latency quantiles.',
      type: 'summary',
      points: [
        {
          ...labels({ service: 'billing' }),
          quantiles: [
            { quantile: 0.5, value: 0.05 },
            { quantile: 0.9, value: 0.2 },
            { quantile: 0.99, value: 1.5 },
          ],
          count: 100,
          sum: 12.5,
          created,
        },
      ],
    },
    {
      name: 'build',
      help: 'Build information.',
      type: 'info',
      points: [{ ...labels({ version: '1.2.3', revision: NASTY_VALUES.mixed }) }],
    },
    {
      name: 'feature_state',
      help: 'Feature flag states.',
      type: 'stateset',
      points: [
        {
          ...labels({ flag: 'dark_mode' }),
          states: ['on', 'off', 'half "on"'],
          enabled: [true, false, false],
        },
      ],
    },
  ];
}
