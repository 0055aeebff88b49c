import { formatTextNumber } from '../exposition';
import {
  bucketName,
  countName,
  createdName,
  type Exemplar,
  familyNameOf,
  infoName,
  type LabelSet,
  type MetricFamily,
  sumName,
  totalName,
} from '../model';

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

/** `_count`, `_sum` and (when asked for) `_created`, shared by histograms and summaries. */
function pushAggregates(
  out: Sample[],
  name: string,
  labels: Record<string, string>,
  p: { count: number; sum: number; created?: number },
  withCreated: boolean,
): void {
  out.push({ name: countName(name), labels, value: p.count });
  out.push({ name: sumName(name), labels, value: p.sum });
  if (withCreated && p.created !== undefined)
    out.push({ name: createdName(name), labels, value: p.created / 1000 });
}

/**
 * Every sample a family exposes, with the names and label values the text
 * exposition writes (so `le` is `1e+06`, as Prometheus stores it).
 */
export function samplesOf(family: MetricFamily, options: { created?: boolean } = {}): Sample[] {
  const out: Sample[] = [];
  const withCreated = options.created === true;
  switch (family.type) {
    case 'counter': {
      const name = familyNameOf('counter', family.name);
      for (const p of family.points) {
        const labels = labelRecord(p);
        out.push({
          name: totalName(name),
          labels,
          value: p.value,
          timestamp: p.timestamp,
          exemplar: p.exemplar,
        });
        if (withCreated && p.created !== undefined)
          out.push({ name: createdName(name), labels, value: p.created / 1000 });
      }
      break;
    }
    case 'gauge':
    case 'unknown':
      for (const p of family.points) {
        out.push({
          name: family.name,
          labels: labelRecord(p),
          value: p.value,
          timestamp: p.timestamp,
        });
      }
      break;
    case 'histogram':
      for (const p of family.points) {
        let cumulative = 0;
        for (let i = 0; i <= p.upperBounds.length; i++) {
          cumulative += p.bucketCounts[i];
          const le = formatTextNumber(i < p.upperBounds.length ? p.upperBounds[i] : Number.POSITIVE_INFINITY);
          out.push({
            name: bucketName(family.name),
            labels: labelRecord(p, ['le', le]),
            value: cumulative,
            exemplar: p.exemplars?.[i],
          });
        }
        pushAggregates(out, family.name, labelRecord(p), p, withCreated);
      }
      break;
    case 'summary':
      for (const p of family.points) {
        for (const q of p.quantiles) {
          const labels = labelRecord(p, ['quantile', formatTextNumber(q.quantile)]);
          out.push({ name: family.name, labels, value: q.value });
        }
        pushAggregates(out, family.name, labelRecord(p), p, withCreated);
      }
      break;
    case 'info': {
      const name = familyNameOf('info', family.name);
      for (const p of family.points) out.push({ name: infoName(name), labels: labelRecord(p), value: 1 });
      break;
    }
    case 'stateset':
      for (const p of family.points) {
        p.states.forEach((state, i) => {
          out.push({
            name: family.name,
            labels: labelRecord(p, [family.name, state]),
            value: p.enabled[i] ? 1 : 0,
          });
        });
      }
      break;
  }
  return out;
}
