import { formatNumber, type MetricFamily } from '../model';
import { PROMETHEUS_CONTENT_TYPE } from './content-type';
import { escapeHelpText } from './escape';
import { cachedBounds, type Dialect, dialectFormatWriter, sampleLine, writeFamilies } from './family-writer';
import { formatTimestampMs } from './format-timestamp';
import type { WriteOptions } from './write-options';

const TEXT_TYPES: Record<MetricFamily['type'], string> = {
  counter: 'counter',
  gauge: 'gauge',
  histogram: 'histogram',
  summary: 'summary',
  unknown: 'untyped',
  // Only four types exist in 0.0.4: info and stateset are written as gauges,
  // the mapping client_python uses.
  info: 'gauge',
  stateset: 'gauge',
};

/**
 * Prometheus text exposition format 0.0.4. OpenMetrics-only data (`_created`,
 * exemplars, units) is left out; `le` and `quantile` are written as
 * client_golang writes them (`le="1"`).
 */
const text: Dialect = {
  header: (name, type, help) =>
    '# HELP ' + name + ' ' + escapeHelpText(help) + '\n# TYPE ' + name + ' ' + type + '\n',
  typeName: (type) => TEXT_TYPES[type],
  headerName: (_family, sample) => sample,
  bounds: cachedBounds(formatNumber),
  quantile: formatNumber,
  timestamp: (ms) => (ms === undefined ? '' : ' ' + formatTimestampMs(ms)),
  exemplar: () => '',
  signedAggregates: true,
  aggregates: (name, plain, p, ts, withSum) =>
    (withSum ? sampleLine(name + '_sum', plain, p.sum, ts) : '') +
    sampleLine(name + '_count', plain, p.count, ts),
  created: () => '',
};

export function writeText(families: readonly MetricFamily[], options?: WriteOptions): string {
  return writeFamilies(text, families, options);
}

/** Prometheus text 0.0.4, piece by piece. */
export const TEXT_WRITER = dialectFormatWriter(text, PROMETHEUS_CONTENT_TYPE);
