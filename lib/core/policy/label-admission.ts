import type { PartialValues } from '../labels';
import type { LabelRule } from './metric-policy';

/**
 * What a series store asks before creating a series: the values to store it
 * under (rewritten by the policy), or `undefined` when a label is over its
 * cap and the call goes to the overflow series.
 */
export type SeriesAdmission = (values: PartialValues) => PartialValues | undefined;

/** One label's rules, compiled once when the metric is declared. */
interface CompiledLabelRule {
  index: number;
  values: Readonly<Record<string, string>> | undefined;
  replace: { pattern: RegExp; replacement: string } | undefined;
  drop: boolean;
  maxValues: number;
  seen: Set<string | undefined>;
}

const hasOwn = Object.prototype.hasOwnProperty;

function rewrite(rule: CompiledLabelRule, value: string | undefined): string | undefined {
  if (rule.drop || value === undefined) return undefined;
  if (rule.values !== undefined && hasOwn.call(rule.values, value)) return rule.values[value];
  if (rule.replace !== undefined) return value.replace(rule.replace.pattern, rule.replace.replacement);
  return value;
}

/**
 * The admission of a metric's series under the label rules that apply to it
 * (rules for labels the metric does not have are ignored); none when no rule
 * applies, so the series store keeps its plain path.
 */
export function seriesAdmission(
  labelNames: readonly string[],
  rules: readonly LabelRule[],
): SeriesAdmission | undefined {
  const compiled: CompiledLabelRule[] = [];
  for (const rule of rules) {
    const index = labelNames.indexOf(rule.label);
    if (index < 0) continue;
    compiled.push({
      index,
      values: rule.values,
      replace: rule.replace && { pattern: new RegExp(rule.replace[0]), replacement: rule.replace[1] },
      drop: rule.drop === true,
      maxValues: rule.maxValues ?? Number.POSITIVE_INFINITY,
      seen: new Set(),
    });
  }
  if (compiled.length === 0) return undefined;
  return (given) => {
    const values = given.slice();
    for (const rule of compiled) values[rule.index] = rewrite(rule, values[rule.index]);
    for (const rule of compiled) {
      const value = values[rule.index];
      if (rule.seen.has(value)) continue;
      if (rule.seen.size >= rule.maxValues) return undefined;
    }
    for (const rule of compiled) rule.seen.add(values[rule.index]);
    return values;
  };
}
