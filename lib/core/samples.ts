import type { Exemplar, LabelSet, MetricFamily } from '../model';

/** One line of the exposition, as plain data: for tests, JSON and bridges. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestamp?: number;
  exemplar?: Exemplar;
}

function labelRecord(labels: LabelSet, extra?: [string, string]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < labels.names.length; i++) out[labels.names[i]] = labels.values[i];
  if (extra) out[extra[0]] = extra[1];
  return out;
}

function boundText(bound: number): string {
  return bound === Number.POSITIVE_INFINITY ? '+Inf' : String(bound);
}

/** Every sample a family exposes, with the names Prometheus stores them under. */
export function samplesOf(family: MetricFamily, options: { created?: boolean } = {}): Sample[] {
  const out: Sample[] = [];
  const name = family.name;
  const withCreated = options.created === true;
  switch (family.type) {
    case 'counter':
      for (const p of family.points) {
        const labels = labelRecord(p.labels);
        out.push({
          name: `${name}_total`,
          labels,
          value: p.value,
          timestamp: p.timestamp,
          exemplar: p.exemplar,
        });
        if (withCreated && p.created !== undefined)
          out.push({ name: `${name}_created`, labels, value: p.created / 1000 });
      }
      break;
    case 'gauge':
    case 'unknown':
      for (const p of family.points)
        out.push({ name, labels: labelRecord(p.labels), value: p.value, timestamp: p.timestamp });
      break;
    case 'histogram':
      for (const p of family.points) {
        let cumulative = 0;
        for (let i = 0; i <= p.upperBounds.length; i++) {
          cumulative += p.bucketCounts[i];
          const le = boundText(i < p.upperBounds.length ? p.upperBounds[i] : Number.POSITIVE_INFINITY);
          out.push({
            name: `${name}_bucket`,
            labels: labelRecord(p.labels, ['le', le]),
            value: cumulative,
            exemplar: p.exemplars?.[i],
          });
        }
        const labels = labelRecord(p.labels);
        out.push({ name: `${name}_count`, labels, value: p.count });
        out.push({ name: `${name}_sum`, labels, value: p.sum });
        if (withCreated && p.created !== undefined)
          out.push({ name: `${name}_created`, labels, value: p.created / 1000 });
      }
      break;
    case 'summary':
      for (const p of family.points) {
        for (const q of p.quantiles) {
          out.push({ name, labels: labelRecord(p.labels, ['quantile', String(q.quantile)]), value: q.value });
        }
        const labels = labelRecord(p.labels);
        out.push({ name: `${name}_count`, labels, value: p.count });
        out.push({ name: `${name}_sum`, labels, value: p.sum });
        if (withCreated && p.created !== undefined)
          out.push({ name: `${name}_created`, labels, value: p.created / 1000 });
      }
      break;
    case 'info':
      for (const p of family.points)
        out.push({ name: `${name}_info`, labels: labelRecord(p.labels), value: 1 });
      break;
    case 'stateset':
      for (const p of family.points) {
        p.states.forEach((state, i) => {
          out.push({ name, labels: labelRecord(p.labels, [name, state]), value: p.enabled[i] ? 1 : 0 });
        });
      }
      break;
  }
  return out;
}

/** The sample names a family of this type and name can expose, for duplicate detection. */
export function sampleNamesOf(type: MetricFamily['type'], name: string): string[] {
  switch (type) {
    case 'counter':
      return [name, `${name}_total`, `${name}_created`];
    case 'histogram':
      return [name, `${name}_bucket`, `${name}_count`, `${name}_sum`, `${name}_created`];
    case 'summary':
      return [name, `${name}_count`, `${name}_sum`, `${name}_created`];
    case 'info':
      return [name, `${name}_info`];
    default:
      return [name];
  }
}
