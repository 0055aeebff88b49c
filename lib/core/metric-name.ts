import { isUnitName, withUnitSuffix } from '../model';
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
    if (!isUnitName(unit)) {
      throw new MetricConfigError(`Metric "${name}": invalid unit "${unit}": use letters, digits and '_'`);
    }
    name = withUnitSuffix(name, unit);
  }
  assertMetricName(name);
  return name;
}
