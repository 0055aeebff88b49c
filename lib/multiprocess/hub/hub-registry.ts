import { MetricConfigError, Registry, type RegistryContentType } from '../../core';
import { textFormatOf } from '../../exposition';
import type { MetricJson } from '../cluster/aggregators';
import { aggregateJson } from '../cluster/json-aggregate';
import { milliseconds } from '../options';
import type { HubRuntime } from './hub-runtime';
import type { Member } from './member';
import { RemoteViewCollector } from './view-snapshot';

export interface HubRegistryOptions {
  timeout?: number;
  checkpointInterval?: number;
}

const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_CHECKPOINT_MS = 5000;

/**
 * What the cluster and worker_threads registries share: the primary merges
 * its own metrics with every member's snapshot; a member asks the primary for
 * that view. Each process or thread creates one, on both sides.
 */
export abstract class HubRegistry<T extends RegistryContentType> extends Registry<T> {
  /** The merged view as a registry: pass it to `metricsHandler`, `startHttpServer` or `MetricsModule`. */
  readonly aggregated: Registry<T>;
  private readonly member: Member | undefined;

  protected constructor(
    regContentType: T | undefined,
    owner: string,
    options: HubRegistryOptions,
    runtime: HubRuntime,
    primary: boolean,
  ) {
    super(regContentType);
    const timeout = milliseconds(owner, 'timeout', options.timeout, DEFAULT_TIMEOUT_MS, 1);
    const checkpoint = milliseconds(
      owner,
      'checkpointInterval',
      options.checkpointInterval,
      DEFAULT_CHECKPOINT_MS,
    );
    // A view that cannot be produced fails the scrape instead of serving a partial one as if whole.
    this.aggregated = new Registry<T>(regContentType, { strict: true });
    if (primary) {
      this.aggregated.registerCollector(runtime.mergedView(timeout));
    } else {
      const member = runtime.memberOfHub(checkpoint);
      this.member = member;
      this.aggregated.registerCollector(new RemoteViewCollector(() => member.requestView(timeout + 1000)));
    }
  }

  /** The merged exposition, in this registry's content type. */
  protected mergedMetrics(): Promise<string> {
    return this.aggregated.metrics({ format: textFormatOf(this.contentType) ?? 'text' });
  }

  /**
   * In a member, sends its last snapshot and waits until the primary has it
   * (call it before exiting for an orderly exit that loses nothing); in the
   * primary, does nothing.
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
}

/**
 * The registries given to `owner`'s `setRegistries`, checked: one listed twice
 * would be collected twice into each snapshot, every counter doubled.
 */
export function registryList(owner: string, regs: Registry<any> | Registry<any>[]): Registry<any>[] {
  const list = Array.isArray(regs) ? regs : [regs];
  list.forEach((r, i) => {
    if (!(r instanceof Registry)) throw new MetricConfigError(`Expected Registry, got ${typeof r}`);
    if (list.indexOf(r) < i) {
      throw new MetricConfigError(
        `${owner}.setRegistries: registries[${i}] is listed twice; its metrics would be counted twice`,
      );
    }
  });
  return list;
}
