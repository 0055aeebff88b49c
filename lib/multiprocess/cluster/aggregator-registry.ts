import {
  MetricConfigError,
  type PrometheusContentType,
  Registry,
  type RegistryContentType,
} from '../../core';
import { OPENMETRICS_CONTENT_TYPE } from '../../exposition';
import { AggregatedCollector } from '../aggregated-collector';
import type { Member } from '../hub/member';
import { RemoteViewCollector } from '../hub/view-snapshot';
import { milliseconds } from '../options';
import type { MetricJson } from './aggregators';
import { clusterHub, clusterMember, nodeCluster, setClusterRegistries } from './cluster-runtime';
import { aggregateJson } from './json-aggregate';

export interface AggregatorRegistryOptions {
  /**
   * How long a scrape waits for the workers, in milliseconds (default 2000).
   * A worker that misses it (busy, stuck) is served from its last snapshot.
   */
  timeout?: number;
  /**
   * How often each worker sends a snapshot unasked, in milliseconds (default
   * 5000; 0 turns it off). A worker killed without warning (SIGKILL) loses at
   * most what it recorded since its last snapshot; other exits lose nothing.
   */
  checkpointInterval?: number;
}

const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_CHECKPOINT_MS = 5000;

/**
 * prom-client's `AggregatorRegistry` (also exported as `ClusterRegistry`, its
 * name in @prometheus-io/client). Create it in every process of a Node
 * `cluster`, primary and workers, before branching on `cluster.isPrimary`.
 * `clusterMetrics()` (and the `aggregated` registry) is the merged view of
 * the primary's own metrics, every worker's and the last totals of workers
 * that have exited; in a worker it asks the primary for the same view.
 */
export class AggregatorRegistry<T extends RegistryContentType = PrometheusContentType> extends Registry<T> {
  /** The merged view as a registry: pass it to `metricsHandler`, `startHttpServer` or `MetricsModule`. */
  readonly aggregated: Registry<T>;
  private readonly member: Member | undefined;

  constructor(regContentType?: T, options: AggregatorRegistryOptions = {}) {
    super(regContentType);
    const owner = 'AggregatorRegistry';
    const timeout = milliseconds(owner, 'timeout', options.timeout, DEFAULT_TIMEOUT_MS, 1);
    const checkpoint = milliseconds(
      owner,
      'checkpointInterval',
      options.checkpointInterval,
      DEFAULT_CHECKPOINT_MS,
    );
    // A view that cannot be produced fails the scrape instead of serving a partial one as if whole.
    this.aggregated = new Registry<T>(regContentType, { strict: true });
    if (nodeCluster().isWorker) {
      const member = clusterMember(checkpoint);
      this.member = member;
      this.aggregated.registerCollector(new RemoteViewCollector(() => member.requestView(timeout + 1000)));
    } else {
      const hub = clusterHub(timeout);
      this.aggregated.registerCollector(new AggregatedCollector('cluster', () => hub.gather(timeout)));
    }
  }

  /** The merged exposition of the cluster, in this registry's content type. */
  clusterMetrics(): Promise<string> {
    const format = this.contentType === OPENMETRICS_CONTENT_TYPE ? 'openmetrics' : 'text';
    return this.aggregated.metrics({ format });
  }

  /**
   * In a worker, sends its last snapshot and waits until the primary has it
   * (call it before `process.exit()` for an orderly exit that loses nothing);
   * in the primary, does nothing.
   */
  async shutdown(timeout = 5000): Promise<void> {
    await this.member?.shutdown(timeout);
  }

  /**
   * Combines `getMetricsAsJSON()` results of several processes into a new
   * registry, each metric by its `aggregator` (prom-client's API).
   */
  static aggregate<T extends RegistryContentType>(metricsArr: MetricJson[][], registryType?: T): Registry<T> {
    return aggregateJson(metricsArr, registryType);
  }

  /** The registries every process of the cluster reports (default: the global registry). */
  static setRegistries(regs: Registry<any> | Registry<any>[]): void {
    const list = Array.isArray(regs) ? regs : [regs];
    for (const r of list) {
      if (!(r instanceof Registry)) throw new MetricConfigError(`Expected Registry, got ${typeof r}`);
    }
    setClusterRegistries(list);
  }
}

/** @prometheus-io/client's name for the same registry. */
export const ClusterRegistry = AggregatorRegistry;
export type ClusterRegistry<T extends RegistryContentType = PrometheusContentType> = AggregatorRegistry<T>;
