export { checkPolicy } from './check-policy';
export { collectedFamilyPolicy } from './collected-families';
export { commonLabelsFor, creatingWithCommonLabels, withCommonLabels } from './common-labels';
export { admitsName, decideUnderPolicy, type PolicyDecision } from './declaration';
export { type SeriesAdmission, seriesAdmission } from './label-admission';
export type {
  CommonLabelRule,
  DistributionRule,
  LabelRule,
  MetricPattern,
  MetricPolicy,
} from './metric-policy';
export { overridePolicy, POLICY_ENV_VARIABLE, policyFromEnv } from './policy-overrides';
export { silence } from './silenced-metric';
