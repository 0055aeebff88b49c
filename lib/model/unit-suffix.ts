/**
 * A metric's unit is the last part of its name (`latency_seconds`, a
 * counter's `bytes_total`), as OpenMetrics requires of a family with a UNIT.
 */

import { totalName } from './sample-names';

const UNIT_PATTERN = /^[a-zA-Z0-9_]+$/;

/** A unit that can end a legacy metric name: letters, digits and `_`. */
export function isUnitName(unit: string): boolean {
  return UNIT_PATTERN.test(unit);
}

/** Whether a family name ends in its unit, which OpenMetrics and protobuf require before they write the unit. */
export function endsWithUnit(family: string, unit: string): boolean {
  return family.endsWith('_' + unit);
}

/**
 * A declared name with its unit appended, unless it already ends in it (or in
 * it and `_total`, a counter's): the Python client's rule.
 */
export function withUnitSuffix(name: string, unit: string): string {
  const suffix = '_' + unit;
  return name.endsWith(suffix) || name.endsWith(totalName(suffix)) ? name : name + suffix;
}
