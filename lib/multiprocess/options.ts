import { MetricConfigError } from '../core';

/** Milliseconds: a whole number >= `min`, or the default when left out. */
export function milliseconds(owner: string, name: string, value: unknown, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new MetricConfigError(
      `${owner}: ${name} must be a whole number of milliseconds >= ${min}, got ${String(value)}`,
    );
  }
  return value;
}
