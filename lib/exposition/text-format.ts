import { countName, type MetricFamily, sumName, textCounterName } from '../model';
import { PROMETHEUS_CONTENT_TYPE } from './content-type';
import { escapeHelpText } from './escape';
import { cachedBounds, type Dialect, dialectFormatWriter, sampleLine } from './family-writer';
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
 * Numbers (sample values, `le`, `quantile`) as prom-client writes them in text
 * 0.0.4: JavaScript's shortest round-trip form (`1000000`, `1e-7`), so an
 * app moved from prom-client keeps its `le` label values and Prometheus sees
 * the same series. Every Prometheus parser reads this form.
 */
export function formatTextNumber(v: number): string {
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

/**
 * Prometheus text exposition format 0.0.4, line for line as prom-client
 * writes it: counters under the name they were given, a blank line between
 * families. OpenMetrics-only data (`_created`, exemplars, units) is left out.
 */
const text: Dialect = {
  familySeparator: '\n',
  header: (name, type, help) =>
    '# HELP ' + name + ' ' + escapeHelpText(help) + '\n# TYPE ' + name + ' ' + type + '\n',
  number: formatTextNumber,
  // JavaScript writes every safe integer positionally.
  plainIntegersBelow: 2 ** 53,
  counterSample: textCounterName,
  typeName: (type) => TEXT_TYPES[type],
  headerName: (_family, sample) => sample,
  bounds: cachedBounds(formatTextNumber),
  quantile: formatTextNumber,
  timestamp: (ms) => (ms === undefined ? '' : ' ' + formatTimestampMs(ms)),
  exemplar: () => '',
  signedAggregates: true,
  aggregates: (name, plain, p, ts, withSum) =>
    (withSum ? sampleLine(formatTextNumber(p.sum), sumName(name), plain, ts) : '') +
    sampleLine(formatTextNumber(p.count), countName(name), plain, ts),
  created: () => '',
  writesCreated: false,
};

/** Prometheus text 0.0.4, piece by piece. */
export const TEXT_WRITER = dialectFormatWriter(text, PROMETHEUS_CONTENT_TYPE);

/** Writes metric families in the Prometheus text format 0.0.4. */
export function writeText(families: readonly MetricFamily[], options?: WriteOptions): string {
  const writer = TEXT_WRITER.open(options);
  for (const family of families) writer.write(family, 0, family.points.length);
  return writer.end();
}
