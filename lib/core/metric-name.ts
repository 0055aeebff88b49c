import { assertMetricName, MetricConfigError } from './validation';

export interface NameParts {
  name: string;
  namespace?: string;
  subsystem?: string;
  unit?: string;
}

/**
 * Joins namespace, subsystem and name with `_` and appends the unit as a suffix
 * when the name does not already end with it, as the Python client does.
 */
export function composeMetricName(parts: NameParts): string {
  const { namespace, subsystem, unit } = parts;
  let name = [namespace, subsystem, parts.name].filter((p) => p !== undefined && p !== '').join('_');
  if (unit !== undefined && unit !== '') {
    if (!/^[a-zA-Z0-9_]+$/.test(unit)) {
      throw new MetricConfigError(`Metric "${name}": invalid unit "${unit}": use letters, digits and '_'`);
    }
    if (!name.endsWith(`_${unit}`) && !name.endsWith(`_${unit}_total`)) name += `_${unit}`;
  }
  assertMetricName(name);
  return name;
}
