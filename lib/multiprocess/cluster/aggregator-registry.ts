import type { PrometheusContentType, Registry, RegistryContentType } from '../../core';
import { HubRegistry, registryList } from '../hub/hub-registry';
import { clusterRuntime, nodeCluster } from './cluster-channels';

/** `AggregatorRegistry`'s options: how long a scrape waits for the workers, and how often they report unasked. */
export interface AggregatorRegistryOptions {
  /**
   * How long a scrape waits for the workers, in milliseconds (default 2000).
   * A worker that misses it (busy, stuck) is served from its last snapshot.
   */
  timeout?: number;
  /**
   * How often each worker sends a snapshot unasked, in milliseconds (default
   * 5000; 0 turns it off). A worker killed without warning (SIGKILL) loses at
   * most what it recorded since its last snapshot; other exits hand over the
   * last counts (see docs/multiprocess.md, Node cluster, for the exceptions).
   */
  checkpointInterval?: number;
}

/**
 * prom-client's `AggregatorRegistry` (also exported as `ClusterRegistry`, its
 * name in @prometheus-io/client). Create it in every process of a Node
 * `cluster`, primary and workers, before branching on `cluster.isPrimary`.
 * `clusterMetrics()` (and the `aggregated` registry) is the merged view of
 * the primary's own metrics, every worker's and the last totals of workers
 * that have exited; in a worker it asks the primary for the same view.
 */
export class AggregatorRegistry<
  T extends RegistryContentType = PrometheusContentType,
> extends HubRegistry<T> {
  constructor(regContentType?: T, options: AggregatorRegistryOptions = {}) {
    super(regContentType, 'AggregatorRegistry', options, clusterRuntime(), !nodeCluster().isWorker);
  }

  /** The merged exposition of the cluster, in this registry's content type. */
  clusterMetrics(): Promise<string> {
    return this.mergedMetrics();
  }

  /** The registries every process of the cluster reports (default: the global registry). */
  static setRegistries(regs: Registry<any> | Registry<any>[]): void {
    clusterRuntime().setRegistries(registryList('AggregatorRegistry', regs));
  }
}

/** @prometheus-io/client's name for the same registry. */
export const ClusterRegistry = AggregatorRegistry;
export type ClusterRegistry<T extends RegistryContentType = PrometheusContentType> = AggregatorRegistry<T>;
