import type { FamilySnapshot } from '../snapshot';

/**
 * Which entry of a member's previous snapshot a change patches: the family,
 * its label names and, for histograms, its buckets. (Several entries of one
 * family differ in one of these.)
 */
export function entryKey(entry: FamilySnapshot): string {
  const shape = entry.type === 'histogram' ? entry.upperBounds.join(',') : '';
  return `${entry.name}\u0000${entry.type}\u0000${entry.labelNames.join(',')}\u0000${shape}`;
}
