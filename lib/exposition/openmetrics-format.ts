import {
  countName,
  createdName,
  endsWithUnit,
  formatCanonical,
  formatNumber,
  type MetricFamily,
  sumName,
  totalName,
} from '../model';
import { OPENMETRICS_CONTENT_TYPE } from './content-type';
import { escapeHelpOpenMetrics } from './escape';
import { exemplarSuffix } from './exemplar-text';
import type { FormatWriter } from './exposition-writer';
import { cachedBounds, type Dialect, dialectFormatWriter, sampleLine } from './family-writer';
import { formatTimestampSeconds } from './format-timestamp';
import type { WriteOptions } from './write-options';

/** The mandatory last line of an OpenMetrics exposition. */
export const OPENMETRICS_EOF = '# EOF\n';

/** `_created` is a sample value in seconds (a float), not a timestamp. */
function createdLine(name: string, plain: string, created: number | undefined, ts: string): string {
  return created === undefined ? '' : sampleLine(formatNumber(created / 1000), createdName(name), plain, ts);
}

/**
 * OpenMetrics 1.0.0: exemplars, `# UNIT`, canonical `le`/`quantile` (which the
 * specification requires), info and stateset types. Metadata and samples come
 * in prom-client's order (HELP first, `_sum` before `_count`). `_created`
 * samples only when a scrape asks for them: prom-client and client_golang
 * leave them out by default, and Prometheus 2.x stores each as a series of
 * its own.
 */
function openMetricsDialect(withCreated: boolean): Dialect {
  const created = withCreated ? createdLine : () => '';
  return {
    familySeparator: '',
    header(name, type, help, unit) {
      let out = '# HELP ' + name + ' ' + escapeHelpOpenMetrics(help) + '\n# TYPE ' + name + ' ' + type + '\n';
      // OpenMetrics requires the family name to end in `_<unit>`; a UNIT line that
      // does not match would make parsers reject the whole exposition, so it is left out.
      // (A quoted UTF-8 name ends in its closing quote.)
      const bare = name.endsWith('"') ? name.slice(0, -1) : name;
      if (unit && endsWithUnit(bare, unit)) out += '# UNIT ' + name + ' ' + unit + '\n';
      return out;
    },
    number: formatNumber,
    // From 1e6 on, the Go form is the exponent form (`1e+06`).
    plainIntegersBelow: 1e6,
    counterSample: totalName,
    typeName: (type) => type,
    headerName: (family) => family,
    bounds: cachedBounds(formatCanonical),
    quantile: formatCanonical,
    timestamp: (ms) => (ms === undefined ? '' : ' ' + formatTimestampSeconds(ms)),
    exemplar: exemplarSuffix,
    signedAggregates: false,
    aggregates: (name, plain, p, ts, withSum) =>
      (withSum ? sampleLine(formatNumber(p.sum), sumName(name), plain, ts) : '') +
      sampleLine(formatNumber(p.count), countName(name), plain, ts) +
      created(name, plain, p.created, ts),
    created,
    writesCreated: withCreated,
  };
}

/** OpenMetrics 1.0.0, piece by piece, ending in `# EOF`. */
export const OPENMETRICS_WRITER: FormatWriter<string> = dialectFormatWriter(
  openMetricsDialect(false),
  OPENMETRICS_CONTENT_TYPE,
  OPENMETRICS_EOF,
  openMetricsDialect(true),
);

/** A complete OpenMetrics 1.0.0 exposition, `# EOF` included. */
export function writeOpenMetrics(families: readonly MetricFamily[], options?: WriteOptions): string {
  const writer = OPENMETRICS_WRITER.open(options);
  for (const family of families) writer.write(family, 0, family.points.length);
  return writer.end();
}

/**
 * OpenMetrics 1.0.0 without the final `# EOF`, so a caller can write families
 * in chunks, concatenate them, and append OPENMETRICS_EOF once.
 */
export function writeOpenMetricsBody(families: readonly MetricFamily[], options?: WriteOptions): string {
  return writeOpenMetrics(families, options).slice(0, -OPENMETRICS_EOF.length);
}
