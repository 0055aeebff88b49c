import type { Exemplar } from '../../model';

/** After this long an exemplar is replaced before any other (client_golang's default TTL). */
const EXEMPLAR_TTL_MS = 5 * 60_000;

/**
 * Adds an exemplar to a native histogram's bounded set. The specification asks
 * for exemplars spread over the buckets rather than the most frequent values,
 * so once the set is full a new exemplar replaces the one nearest to it on a
 * log scale (keeping the spread), unless the oldest has outlived the TTL.
 */
export function addNativeExemplar(exemplars: Exemplar[], exemplar: Exemplar, max: number): void {
  if (max <= 0) return;
  if (exemplars.length < max) {
    exemplars.push(exemplar);
    return;
  }
  const now = exemplar.timestamp ?? Date.now();
  let oldest = 0;
  let nearest = 0;
  let nearestDistance = Number.POSITIVE_INFINITY;
  const target = logMagnitude(exemplar.value);
  for (let i = 0; i < exemplars.length; i++) {
    const e = exemplars[i];
    if ((e.timestamp ?? 0) < (exemplars[oldest].timestamp ?? 0)) oldest = i;
    const distance = Math.abs(logMagnitude(e.value) - target);
    if (distance < nearestDistance) {
      nearestDistance = distance;
      nearest = i;
    }
  }
  const expired = now - (exemplars[oldest].timestamp ?? 0) > EXEMPLAR_TTL_MS;
  exemplars[expired ? oldest : nearest] = exemplar;
}

/** Signed log magnitude, so that negative, zero and positive values order sensibly. */
function logMagnitude(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return v === 0 ? 0 : Math.sign(v) * 2000;
  return Math.sign(v) * (Math.log2(Math.abs(v)) + 1100);
}
