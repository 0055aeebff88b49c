import { assertWellFormed } from '../labels';
import { checkMaxSeries } from '../series-limit';
import { assertLabelNames, assertMetricName, describe, MetricConfigError } from '../validation';
import type { CommonLabelRule, DistributionRule, LabelRule, MetricPolicy } from './metric-policy';

function fail(where: string, what: string): never {
  throw new MetricConfigError(`Metric policy: ${where} ${what}`);
}

function checkPatterns(where: string, patterns: unknown): void {
  if (patterns === undefined) return;
  if (!Array.isArray(patterns))
    fail(where, `must be an array of names or prefixes, got ${describe(patterns)}`);
  for (const p of patterns) {
    if (typeof p !== 'string' || p === '' || !/^[^*]*\*?$/.test(p)) {
      fail(where, `holds ${describe(p)}: expected a metric name or a prefix ending in "*"`);
    }
  }
}

function checkNumbers(where: string, list: unknown): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) fail(where, `must be an array of finite numbers, got ${describe(list)}`);
  const bad = list.find((n) => typeof n !== 'number' || !Number.isFinite(n));
  if (bad !== undefined) fail(where, `must hold finite numbers only, got ${describe(bad)}`);
}

function checkLabelRule(rule: LabelRule, i: number): void {
  const where = `labels[${i}]`;
  if (rule === null || typeof rule !== 'object') fail(where, `must be an object, got ${describe(rule)}`);
  checkPatterns(`${where}.metric`, [rule.metric]);
  if (typeof rule.label !== 'string')
    fail(`${where}.label`, `must be a label name, got ${describe(rule.label)}`);
  assertLabelNames(`Metric policy: ${where}.label`, [rule.label]);
  if (rule.values !== undefined) {
    for (const [from, to] of Object.entries(rule.values)) {
      if (typeof to !== 'string') fail(`${where}.values["${from}"]`, `must be a string, got ${describe(to)}`);
    }
  }
  if (rule.replace !== undefined) {
    const [pattern, replacement] = Array.isArray(rule.replace) ? rule.replace : [];
    if (typeof pattern !== 'string' || typeof replacement !== 'string') {
      fail(`${where}.replace`, `must be [pattern, replacement], two strings, got ${describe(rule.replace)}`);
    }
    try {
      new RegExp(pattern);
    } catch (error) {
      fail(`${where}.replace`, `has an invalid pattern: ${(error as Error).message}`);
    }
  }
  if (rule.drop !== undefined && typeof rule.drop !== 'boolean') {
    fail(`${where}.drop`, `must be true or false, got ${describe(rule.drop)}`);
  }
  if (rule.maxValues !== undefined) checkMaxSeries(`Metric policy: ${where}.maxValues`, rule.maxValues);
}

/** Labels the samples of histograms and summaries add themselves: a series may not carry them. */
const SAMPLE_LABELS = ['le', 'quantile'];

function checkCommonLabelRule(rule: CommonLabelRule, i: number): void {
  const where = `commonLabels[${i}]`;
  if (rule === null || typeof rule !== 'object') fail(where, `must be an object, got ${describe(rule)}`);
  checkPatterns(`${where}.metric`, [rule.metric]);
  const labels = rule.labels;
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    fail(`${where}.labels`, `must be an object of label names to values, got ${describe(labels)}`);
  }
  assertLabelNames(`Metric policy: ${where}.labels`, Object.keys(labels));
  for (const [name, value] of Object.entries(labels)) {
    if (SAMPLE_LABELS.includes(name)) {
      fail(`${where}.labels["${name}"]`, 'is reserved: the samples of histograms and summaries add it');
    }
    if (typeof value !== 'string')
      fail(`${where}.labels["${name}"]`, `must be a string, got ${describe(value)}`);
    assertWellFormed(`Metric policy: ${where}.labels["${name}"]`, value, undefined, MetricConfigError);
  }
}

function checkDistributionRule(rule: DistributionRule, i: number): void {
  const where = `distributions[${i}]`;
  if (rule === null || typeof rule !== 'object') fail(where, `must be an object, got ${describe(rule)}`);
  checkPatterns(`${where}.metric`, [rule.metric]);
  checkNumbers(`${where}.buckets`, rule.buckets);
  checkNumbers(`${where}.slo`, rule.slo);
  checkNumbers(`${where}.quantiles`, rule.quantiles);
  const native = rule.native;
  if (
    native !== undefined &&
    typeof native !== 'boolean' &&
    (native === null || typeof native !== 'object')
  ) {
    fail(`${where}.native`, `must be true, false or native histogram options, got ${describe(native)}`);
  }
}

/**
 * A policy checked whole, so a mistake is reported when the policy is set
 * rather than when some metric is declared; frozen against later changes.
 */
export function checkPolicy(policy: MetricPolicy): Readonly<MetricPolicy> {
  if (policy === null || typeof policy !== 'object') fail('', `must be an object, got ${describe(policy)}`);
  checkPatterns('accept', policy.accept);
  checkPatterns('deny', policy.deny);
  if (policy.rename !== undefined) {
    for (const [from, to] of Object.entries(policy.rename)) {
      try {
        assertMetricName(to);
      } catch (error) {
        fail(`rename["${from}"]`, (error as Error).message);
      }
    }
  }
  if (policy.commonLabels !== undefined && !Array.isArray(policy.commonLabels))
    fail('commonLabels', 'must be an array of rules');
  policy.commonLabels?.forEach(checkCommonLabelRule);
  if (policy.labels !== undefined && !Array.isArray(policy.labels))
    fail('labels', 'must be an array of rules');
  policy.labels?.forEach(checkLabelRule);
  if (policy.distributions !== undefined && !Array.isArray(policy.distributions)) {
    fail('distributions', 'must be an array of rules');
  }
  policy.distributions?.forEach(checkDistributionRule);
  return Object.freeze({ ...policy });
}
