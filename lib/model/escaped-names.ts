import type { MetricType } from './metric-family';
import { sampleNamesOf } from './metric-types';
import { type EscapingScheme, escapeName, REWRITING_SCHEMES } from './name-escaping';
import { isLegacyMetricName } from './names';

/** A sample name as one escaping scheme writes it. */
export interface EscapedName {
  readonly scheme: EscapingScheme;
  readonly written: string;
}

/**
 * The sample names a UTF-8 family is written under by each escaping scheme:
 * its family name escaped, then the suffix, as the writers do. None for a
 * legacy name, which every scheme writes unchanged. Two families that share
 * one of these would be two families of one name in an escaped scrape, and
 * Prometheus rejects the whole scrape for it.
 */
export function escapedSampleNames(type: MetricType, familyName: string): EscapedName[] {
  if (isLegacyMetricName(familyName)) return [];
  return REWRITING_SCHEMES.flatMap((scheme) =>
    sampleNamesOf(type, escapeName(familyName, scheme)).map((written) => ({ scheme, written })),
  );
}

/** One key per scheme and written name: the same written name under two schemes is no clash. */
export function escapedKey(scheme: EscapingScheme, written: string): string {
  return `${scheme} ${written}`;
}
