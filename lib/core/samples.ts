import { formatTextNumber } from '../exposition';
import { type Exemplar, familyNameOf, forEachSample, type LabelSet, type MetricFamily } from '../model';

/** One line of the exposition, as plain data: for tests, JSON and bridges. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestamp?: number;
  exemplar?: Exemplar;
}

/** A label set as a plain object, optionally with one more label. */
export function labelRecord(labels: LabelSet, extra?: [string, string]): Record<string, string> {
  const out: Record<string, string> = {};
  const { labelNames, labelValues } = labels;
  for (let i = 0; i < labelNames.length; i++) out[labelNames[i]] = labelValues[i];
  if (extra) out[extra[0]] = extra[1];
  return out;
}

/** A sample's own label, written as the text exposition writes it (`le="1e+06"`). */
function labelText(value: number | string): string {
  return typeof value === 'number' ? formatTextNumber(value) : value;
}

/**
 * Every sample a family exposes, with the names and label values the text
 * exposition writes (so `le` is `1e+06`, as Prometheus stores it).
 */
export function samplesOf(family: MetricFamily, options: { created?: boolean } = {}): Sample[] {
  const out: Sample[] = [];
  const name = familyNameOf(family.type, family.name);
  let labelsOf: LabelSet | undefined;
  let labels: Record<string, string> = {};
  forEachSample(
    family,
    (sample, point) => {
      // One labels object per point for its samples without a label of their own.
      if (point !== labelsOf) {
        labelsOf = point;
        labels = labelRecord(point);
      }
      const one: Sample = {
        name: name + sample.suffix,
        labels:
          sample.label === undefined
            ? labels
            : labelRecord(point, [sample.label, labelText(sample.labelValue as number | string)]),
        value: sample.value,
      };
      if (sample.timestamp !== undefined) one.timestamp = sample.timestamp;
      if (sample.exemplar !== undefined) one.exemplar = sample.exemplar;
      out.push(one);
    },
    options,
  );
  return out;
}
