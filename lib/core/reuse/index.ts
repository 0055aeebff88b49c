export { claimMetric, getOrCreateMetric, type MetricClaim, MetricConflictError } from './get-or-create';
export type {
  DeclaredMetric,
  MetricDeclaration,
  MetricFor,
} from './metric-declaration';
