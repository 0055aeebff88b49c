import type { MetricFamily } from '../model';

const produced = new WeakSet<MetricFamily>();

/**
 * Families an aggregated view hands out are marked, so a view registered by
 * mistake into a registry that is itself shared with other processes is not
 * fed back into its own input (which would count everything twice).
 */
export function markAggregated<F extends MetricFamily>(family: F): F {
  produced.add(family);
  return family;
}

export function isAggregated(family: MetricFamily): boolean {
  return produced.has(family);
}
