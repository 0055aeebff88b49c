import { MetricConfigError } from '../core';

/** Milliseconds: a whole number >= `min`, or the default when left out. */
export function milliseconds(owner: string, name: string, value: unknown, fallback: number, min = 0): number {
  return wholeNumber(owner, name, value, fallback, min, 'milliseconds');
}

/** A size in bytes: a whole number >= `min`, or the default when left out. */
export function bytes(owner: string, name: string, value: unknown, fallback: number, min = 1): number {
  return wholeNumber(owner, name, value, fallback, min, 'bytes');
}

function wholeNumber(
  owner: string,
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  unit: string,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new MetricConfigError(
      `${owner}: ${name} must be a whole number of ${unit} >= ${min}, got ${String(value)}`,
    );
  }
  return value;
}
