import {
  CounterMetricFamily,
  GaugeMetricFamily,
  InfoMetricFamily,
  StateSetMetricFamily,
} from '../../collectors';
import { familyNameOf, type MetricFamily } from '../../model';
import type { JsonMetricMapping } from './mapping';

export type FieldProblem = 'missing_field' | 'wrong_type';

export type FieldResult = { readonly family: MetricFamily } | { readonly problem: FieldProblem };

function helpOf(mapping: JsonMetricMapping): string {
  return mapping.help ?? `Value of the status field "${mapping.field}"`;
}

function infoPairs(mapping: JsonMetricMapping, value: unknown): Record<string, string> | undefined {
  const key = familyNameOf('info', mapping.metric);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return { [key]: String(value) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  if (!entries.every(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))) return undefined;
  return Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
}

function build(mapping: JsonMetricMapping, value: unknown): MetricFamily | undefined {
  const help = helpOf(mapping);
  switch (mapping.type) {
    case 'gauge':
      return typeof value === 'number' ? new GaugeMetricFamily(mapping.metric, help, { value }) : undefined;
    case 'counter':
      return typeof value === 'number' ? new CounterMetricFamily(mapping.metric, help, { value }) : undefined;
    case 'stateset': {
      // A state outside the declared list is as unusable as a wrong type: no honest 1/0 row exists for it.
      const states = mapping.states ?? [];
      if (typeof value !== 'string' || !states.includes(value)) return undefined;
      return new StateSetMetricFamily(mapping.metric, help, {
        value: Object.fromEntries(states.map((s) => [s, s === value])),
      });
    }
    case 'info': {
      const pairs = infoPairs(mapping, value);
      return pairs ? new InfoMetricFamily(mapping.metric, help, { value: pairs }) : undefined;
    }
  }
}

/**
 * The family one mapped field produces, or why it produces none. Values the
 * family builders reject (a negative counter, info keys that are not label
 * names) count as the wrong type too.
 */
export function familyForField(
  mapping: JsonMetricMapping,
  lookup: { found: boolean; value?: unknown },
): FieldResult {
  if (!lookup.found || lookup.value === null) return { problem: 'missing_field' };
  try {
    const family = build(mapping, lookup.value);
    return family ? { family } : { problem: 'wrong_type' };
  } catch {
    return { problem: 'wrong_type' };
  }
}
