import type { MetricType } from '../../model';
import { DEFAULT_BUCKETS } from '../buckets';
import { commonLabelsFor } from './common-labels';
import { matchesAny, matchesPattern } from './metric-pattern';
import type { LabelRule, MetricPolicy } from './metric-policy';

/** What a policy decides for one metric when it is declared. */
export interface PolicyDecision {
  /** The metric does nothing and is not registered. */
  denied: boolean;
  /** The exposed name: the declared one unless renamed. */
  name: string;
  /** The common labels its series show unless they have their own of that name; none when no rule matches. */
  commonLabels: Readonly<Record<string, string>> | undefined;
  /** The label rules for its series, in order. */
  labelRules: readonly LabelRule[];
  /** Its configuration with the distribution settings applied (the declared object when none apply). */
  config: object;
}

/** Histogram and summary options a distribution rule sets. */
interface DistributionOptions {
  buckets?: readonly number[];
  native?: unknown;
  percentiles?: readonly number[];
}

function sortedUnion(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

/** The configuration with every matching distribution rule applied, later rules winning field by field. */
function withDistributions(
  policy: MetricPolicy,
  name: string,
  type: MetricType,
  config: DistributionOptions,
): object {
  const rules = policy.distributions?.filter((r) => matchesPattern(r.metric, name)) ?? [];
  if (rules.length === 0 || (type !== 'histogram' && type !== 'summary')) return config;
  const out: DistributionOptions = { ...config };
  for (const rule of rules) {
    if (type === 'summary') {
      if (rule.quantiles !== undefined) out.percentiles = [...rule.quantiles];
      continue;
    }
    if (rule.buckets !== undefined) out.buckets = [...rule.buckets];
    if (rule.native !== undefined) out.native = rule.native;
    if (rule.slo !== undefined) out.buckets = sortedUnion(out.buckets ?? DEFAULT_BUCKETS, rule.slo);
  }
  return out;
}

/** Whether accept and deny leave a metric (or a custom collector's family) of this name in. */
export function admitsName(policy: MetricPolicy, name: string): boolean {
  return !matchesAny(policy.deny, name) && (policy.accept === undefined || matchesAny(policy.accept, name));
}

/**
 * Applies a policy to a metric being declared, in the documented order:
 * accept and deny, then rename, then distribution settings; common labels and
 * label rules are kept for series creation. Every rule matches the declared name.
 */
export function decideUnderPolicy(
  policy: MetricPolicy,
  declaredName: string,
  type: MetricType,
  config: object,
): PolicyDecision {
  const denied = !admitsName(policy, declaredName);
  const rename = policy.rename;
  const renamed = rename && Object.hasOwn(rename, declaredName) ? rename[declaredName] : undefined;
  return {
    denied,
    name: renamed ?? declaredName,
    commonLabels: commonLabelsFor(policy.commonLabels, declaredName),
    labelRules: policy.labels?.filter((r) => matchesPattern(r.metric, declaredName)) ?? [],
    config: denied ? config : withDistributions(policy, declaredName, type, config as DistributionOptions),
  };
}
