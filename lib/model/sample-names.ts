/**
 * A family's name and the names of its samples. The data model names a family
 * (`jobs`, `build`, `latency_seconds`); the expositions write its samples under
 * suffixed names (`jobs_total`, `build_info`, `latency_seconds_bucket`), as
 * OpenMetrics defines them. Every layer derives one from the other here, so a
 * suffix is appended or stripped in one place only (which suffixes each type
 * takes is in `metric-types.ts`).
 *
 * The functions that append are a string concatenation each, cheap enough for
 * the writers' per-point loops.
 */

/** The suffixes OpenMetrics gives a family's samples. */
export const TOTAL_SUFFIX = '_total';
export const INFO_SUFFIX = '_info';
export const CREATED_SUFFIX = '_created';
export const BUCKET_SUFFIX = '_bucket';
export const COUNT_SUFFIX = '_count';
export const SUM_SUFFIX = '_sum';

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
