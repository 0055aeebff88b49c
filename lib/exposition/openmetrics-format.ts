import { formatCanonical, type MetricFamily } from '../model';
import { OPENMETRICS_CONTENT_TYPE } from './content-type';
import { escapeHelpOpenMetrics } from './escape';
import { exemplarSuffix } from './exemplar-text';
import { cachedBounds, type Dialect, dialectFormatWriter, sampleLine, writeFamilies } from './family-writer';
import { formatTimestampSeconds } from './format-timestamp';
import type { WriteOptions } from './write-options';

/** The mandatory last line of an OpenMetrics exposition. */
export const OPENMETRICS_EOF = '# EOF\n';

/** `_created` is a sample value in seconds (a float), not a timestamp. */
function createdLine(name: string, plain: string, created: number | undefined, ts: string): string {
  return created === undefined ? '' : sampleLine(name + '_created', plain, created / 1000, ts);
}

/** OpenMetrics 1.0.0: `_created`, exemplars, `# UNIT`, canonical `le`/`quantile`, info and stateset types. */
const openMetrics: Dialect = {
  header(name, type, help, unit) {
    let out = '# TYPE ' + name + ' ' + type + '\n';
    // OpenMetrics requires the family name to end in `_<unit>`; a UNIT line that
    // does not match would make parsers reject the whole exposition, so it is left out.
    // (A quoted UTF-8 name ends in its closing quote.)
    const bare = name.endsWith('"') ? name.slice(0, -1) : name;
    if (unit && bare.endsWith('_' + unit)) out += '# UNIT ' + name + ' ' + unit + '\n';
    return out + '# HELP ' + name + ' ' + escapeHelpOpenMetrics(help) + '\n';
  },
  typeName: (type) => type,
  headerName: (family) => family,
  bounds: cachedBounds(formatCanonical),
  quantile: formatCanonical,
  timestamp: (ms) => (ms === undefined ? '' : ' ' + formatTimestampSeconds(ms)),
  exemplar: exemplarSuffix,
  signedAggregates: false,
  aggregates: (name, plain, p, ts, withSum) =>
    sampleLine(name + '_count', plain, p.count, ts) +
    (withSum ? sampleLine(name + '_sum', plain, p.sum, ts) : '') +
    createdLine(name, plain, p.created, ts),
  created: createdLine,
};

/** A complete OpenMetrics 1.0.0 exposition, `# EOF` included. */
export function writeOpenMetrics(families: readonly MetricFamily[], options?: WriteOptions): string {
  return writeOpenMetricsBody(families, options) + OPENMETRICS_EOF;
}

/**
 * OpenMetrics 1.0.0 without the final `# EOF`, so a registry can write its
 * families in chunks, concatenate them, and append OPENMETRICS_EOF once.
 */
export function writeOpenMetricsBody(families: readonly MetricFamily[], options?: WriteOptions): string {
  return writeFamilies(openMetrics, families, options);
}

/** OpenMetrics 1.0.0, piece by piece, ending in `# EOF`. */
export const OPENMETRICS_WRITER = dialectFormatWriter(openMetrics, OPENMETRICS_CONTENT_TYPE, OPENMETRICS_EOF);
