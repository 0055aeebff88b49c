// The `promkit/multiprocess` entry point: building blocks for aggregating the metrics of
// several processes or threads. Every name is listed on purpose;
// docs/api/promkit-multiprocess.api.md is the report.
export {
  mergeNativeHistograms,
  type NativeBucketRunData,
  type NativeHistogramData,
  nativeHistogramData,
} from '../core';
export { AggregatedCollector, type Gathered, type Gatherer, type WorkerCounts } from './aggregated-collector';
export {
  AggregatorRegistry,
  type AggregatorRegistryOptions,
  ClusterRegistry,
} from './cluster/aggregator-registry';
export { type AggregatorFunction, aggregators, type MetricJson } from './cluster/aggregators';
export {
  MULTIPROCESS_DIR_ENV,
  MultiprocessDirectory,
  type MultiprocessDirectoryOptions,
  startMultiprocessDirectory,
} from './directory/multiprocess-directory';
export {
  type FamiliesSource,
  type MergeResult,
  type MergeSource,
  mergeSnapshots,
  type OwnFamilies,
  SnapshotMerger,
  type SnapshotSource,
} from './merge/merge-snapshots';
export { type Deployment, defaultMode } from './modes';
export type { RegistryFamilies } from './registry-families';
export type { FamilySnapshot, ProcessSnapshot } from './snapshot';
export { type SnapshotIdentity, SnapshotTaker } from './take-snapshot';
export { WorkerRegistry, type WorkerRegistryOptions } from './threads/worker-registry';
export { SnapshotError, validateSnapshot } from './validate-snapshot';
