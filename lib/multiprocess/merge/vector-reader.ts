import { type FamilySnapshot, fromWire } from '../snapshot';

/**
 * Reads element `j` of series `s`'s vector straight from an entry's columns:
 * a counter's or gauge's value; a histogram's buckets, then count and sum; a
 * summary's count and sum; a stateset's flags; an info's presence.
 */
export type VectorReader = (s: number, j: number) => number;

export function vectorReader(entry: FamilySnapshot, width: number): VectorReader {
  switch (entry.type) {
    case 'counter':
    case 'gauge':
    case 'unknown': {
      const values = entry.values;
      return (s) => {
        const v = values[s];
        return typeof v === 'number' ? v : fromWire(v);
      };
    }
    case 'info':
      return () => 1;
    case 'stateset':
      return (s, j) => entry.enabled[s * width + j];
    case 'histogram': {
      const buckets = width - 2;
      return (s, j) =>
        j < buckets
          ? entry.buckets[s * buckets + j]
          : j === buckets
            ? entry.counts[s]
            : fromWire(entry.sums[s]);
    }
    case 'summary':
      return (s, j) => (j === 0 ? entry.counts[s] : fromWire(entry.sums[s]));
  }
}
