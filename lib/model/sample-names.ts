/**
 * A family's name and the names of its samples. The data model names a family
 * (`jobs`, `build`, `latency_seconds`); the expositions write its samples under
 * suffixed names (`jobs_total`, `build_info`, `latency_seconds_bucket`), as
 * OpenMetrics defines them. Every layer derives one from the other here, so a
 * suffix is appended or stripped in one place only.
 *
 * The functions that append are a string concatenation each, cheap enough for
 * the writers' per-point loops.
 */

import type { MetricType } from './metric-family';

/** The suffixes OpenMetrics gives a family's samples. */
export const TOTAL_SUFFIX = '_total';
export const INFO_SUFFIX = '_info';
export const CREATED_SUFFIX = '_created';
export const BUCKET_SUFFIX = '_bucket';
export const COUNT_SUFFIX = '_count';
export const SUM_SUFFIX = '_sum';

/**
 * The suffixes of each OpenMetrics type's samples (besides the bare family
 * name, which gauges, unknowns, statesets and summary quantiles use). Keyed
 * by the OpenMetrics type name, so `gaugehistogram` is here although promkit
 * never writes one: parsers meet it.
 */
export const SAMPLE_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  counter: [TOTAL_SUFFIX, CREATED_SUFFIX],
  histogram: [BUCKET_SUFFIX, COUNT_SUFFIX, SUM_SUFFIX, CREATED_SUFFIX],
  gaugehistogram: [BUCKET_SUFFIX, '_gcount', '_gsum'],
  summary: [COUNT_SUFFIX, SUM_SUFFIX, CREATED_SUFFIX],
  info: [INFO_SUFFIX],
};

/** A counter's value sample: `jobs` → `jobs_total`. */
export function totalName(family: string): string {
  return family + TOTAL_SUFFIX;
}

/** An info's sample: `build` → `build_info`. */
export function infoName(family: string): string {
  return family + INFO_SUFFIX;
}

/** When a counter, histogram or summary series started: `jobs` → `jobs_created`. */
export function createdName(family: string): string {
  return family + CREATED_SUFFIX;
}

export function bucketName(family: string): string {
  return family + BUCKET_SUFFIX;
}

export function countName(family: string): string {
  return family + COUNT_SUFFIX;
}

export function sumName(family: string): string {
  return family + SUM_SUFFIX;
}

/**
 * The family name of a metric declared as `name`: a counter's without `_total`,
 * an info's without `_info` (both optional when declaring, as in the Python
 * client), any other type's as declared.
 */
export function familyNameOf(type: string, name: string): string {
  const suffix = type === 'counter' ? TOTAL_SUFFIX : type === 'info' ? INFO_SUFFIX : '';
  return suffix !== '' && name.endsWith(suffix) ? name.slice(0, -suffix.length) : name;
}

/**
 * The sample a family's value is written under: a counter's `_total`, an
 * info's `_info`, any other type's bare family name. Protobuf names a whole
 * family so.
 */
export function valueSampleName(type: string, family: string): string {
  return type === 'counter' ? family + TOTAL_SUFFIX : type === 'info' ? family + INFO_SUFFIX : family;
}

/** Whether a sample belongs to a family of this OpenMetrics type and name. */
export function isSampleOf(type: string, family: string, sample: string): boolean {
  if (sample === family) return true;
  const suffixes = SAMPLE_SUFFIXES[type] ?? [];
  return suffixes.some((suffix) => sample === family + suffix);
}

/**
 * Which of a histogram's or summary's aggregates a sample is, by its name's
 * suffix: prom-client's metric objects name each value (`metricName`).
 */
export function aggregateOf(sample: string): 'bucket' | 'count' | 'sum' | undefined {
  return sample.endsWith(BUCKET_SUFFIX)
    ? 'bucket'
    : sample.endsWith(COUNT_SUFFIX)
      ? 'count'
      : sample.endsWith(SUM_SUFFIX)
        ? 'sum'
        : undefined;
}

/** Every sample name a family of this type and name can expose, for duplicate detection. */
export function sampleNamesOf(type: MetricType, family: string): string[] {
  const suffixes = SAMPLE_SUFFIXES[type];
  return suffixes === undefined ? [family] : [family, ...suffixes.map((suffix) => family + suffix)];
}

/*
 * A counter's name in text 0.0.4 differs from the other formats. prom-client
 * writes a counter under the name it was declared with (`jobs` stays `jobs`),
 * and dashboards are built on that name, so text 0.0.4 keeps it (the family's
 * `textName`). OpenMetrics and protobuf always write `<family>_total`.
 */

/** The name text 0.0.4 writes a counter's samples (and HELP/TYPE) under. */
export function textCounterName(family: string, textName: string | undefined): string {
  return textName ?? family + TOTAL_SUFFIX;
}

/**
 * What a counter's text 0.0.4 name adds to its family name: `''` (declared
 * without `_total`), `'_total'`, or undefined when it is some other name.
 */
export function textNameSuffix(family: string, textName: string): string | undefined {
  return textName === family ? '' : textName === family + TOTAL_SUFFIX ? TOTAL_SUFFIX : undefined;
}

/** Whether OpenMetrics and protobuf write a counter declared as `name` under another name than text 0.0.4 does. */
export function renamedOutsideText(counterName: string): boolean {
  return !counterName.endsWith(TOTAL_SUFFIX);
}
