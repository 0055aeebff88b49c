import { type Collector, type Registry, samplesOf } from '../core';
import { registryOf } from './metrics-source';

type LabelFilter = Readonly<Record<string, string | number>>;

function matches(labels: Readonly<Record<string, string>>, filter: LabelFilter): boolean {
  return Object.entries(filter).every(([name, value]) => labels[name] === String(value));
}

/**
 * The value of the one counter, gauge or untyped series in `source` (a
 * metric, a collector or a registry), like client_golang's `ToFloat64`.
 * `labels` picks a series by some or all of its labels. Throws, listing what
 * there is, unless exactly one series matches.
 */
export async function toFloat64(
  source: Registry<any> | Collector,
  labels: LabelFilter = {},
): Promise<number> {
  const families = await registryOf(source).collect();
  const found: string[] = [];
  const values: number[] = [];
  for (const family of families) {
    const single = family.type === 'counter' || family.type === 'gauge' || family.type === 'unknown';
    for (const sample of samplesOf(family)) {
      const shown = `${sample.name}${JSON.stringify(sample.labels)} (${family.type})`;
      found.push(shown);
      if (single && matches(sample.labels, labels)) values.push(sample.value);
    }
  }
  if (values.length !== 1) {
    throw new Error(
      `toFloat64: expected exactly one counter, gauge or untyped series${Object.keys(labels).length ? ` with labels ${JSON.stringify(labels)}` : ''}, found ${values.length}; the source has ${found.length ? found.join(', ') : 'no samples'}`,
    );
  }
  return values[0];
}

/**
 * How many series `source` has (a histogram or summary series counts once),
 * in the families named (family or sample names), or in all; like
 * client_golang's `CollectAndCount`.
 */
export async function collectAndCount(
  source: Registry<any> | Collector,
  names?: readonly string[],
): Promise<number> {
  const families = await registryOf(source).collect(names === undefined ? {} : { names });
  return families.reduce((total, family) => total + family.points.length, 0);
}
