export { claimMetric, getOrCreateMetric, type MetricClaim, MetricConflictError } from './get-or-create';
export {
  type DeclaredMetric,
  defineMetric,
  type MetricDeclaration,
  type MetricFor,
} from './metric-declaration';
