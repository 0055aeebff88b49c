/**
 * How many times series have been taken out of metrics (`remove`, `reset`) in
 * this process. Code that keeps series between calls to skip their label
 * lookup (the HTTP recorder) notes the count when it caches them and looks
 * them up again once it has moved: a series taken out records into nothing a
 * scrape sees. One count for every metric, so checking costs one load; a
 * removal is rare, and one in another metric costs a cache a few lookups.
 *
 * A series dropped by `seriesTtlSeconds` needs no count: a held one revives
 * itself on its next update.
 */
let removals = 0;

/** The number of removals so far; compare two readings, never the value itself. */
export function seriesRemovals(): number {
  return removals;
}

/** Called by a metric whenever series leave its store. */
export function countSeriesRemoval(): void {
  removals++;
}
