import { isMainThread } from 'node:worker_threads';
import {
  MetricConfigError,
  type PrometheusContentType,
  Registry,
  type RegistryContentType,
} from '../../core';
import { OPENMETRICS_CONTENT_TYPE } from '../../exposition';
import { AggregatedCollector } from '../aggregated-collector';
import type { MetricJson } from '../cluster/aggregators';
import { aggregateJson } from '../cluster/json-aggregate';
import type { Member } from '../hub/member';
import { RemoteViewCollector } from '../hub/view-snapshot';
import { milliseconds } from '../options';
import { runningWorkerCount, setThreadRegistries, threadsHub, threadsMember } from './threads-runtime';

export interface WorkerRegistryOptions {
  /** Whether this thread aggregates (default: the main thread does, workers report). */
  primary?: boolean;
  /** How long a scrape waits for the threads, in milliseconds (default 2000). */
  timeout?: number;
  /**
   * How often each thread sends a snapshot unasked (ms, default 5000; 0 = never).
   * A thread stopped with `worker.terminate()` loses at most what it recorded
   * since then; a thread that ends by itself or calls `process.exit()` loses nothing.
   */
  checkpointInterval?: number;
}

const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_CHECKPOINT_MS = 5000;

/**
 * @prometheus-io/client's `WorkerRegistry`: create it in the main thread (before
 * starting workers) and in every worker thread. `workerMetrics()` (and the
 * `aggregated` registry) is the merged view of the main thread's own metrics,
 * every thread's and the last totals of threads that have ended. Recording a
 * metric in a thread sends nothing: snapshots travel only when a scrape asks
 * (and as periodic checkpoints).
 */
export class WorkerRegistry<T extends RegistryContentType = PrometheusContentType> extends Registry<T> {
  readonly primary: boolean;
  /** The merged view as a registry: pass it to `metricsHandler`, `startHttpServer` or `MetricsModule`. */
  readonly aggregated: Registry<T>;
  private readonly member: Member | undefined;

  constructor(regContentType?: T, primaryOrOptions: boolean | WorkerRegistryOptions = {}) {
    super(regContentType);
    const options = typeof primaryOrOptions === 'boolean' ? { primary: primaryOrOptions } : primaryOrOptions;
    const owner = 'WorkerRegistry';
    const timeout = milliseconds(owner, 'timeout', options.timeout, DEFAULT_TIMEOUT_MS, 1);
    const checkpoint = milliseconds(
      owner,
      'checkpointInterval',
      options.checkpointInterval,
      DEFAULT_CHECKPOINT_MS,
    );
    this.primary = options.primary ?? isMainThread;
    this.aggregated = new Registry<T>(regContentType, { strict: true });
    if (this.primary) {
      const hub = threadsHub(timeout);
      this.aggregated.registerCollector(new AggregatedCollector('threads', () => hub.gather(timeout)));
    } else {
      const member = threadsMember(checkpoint);
      this.member = member;
      this.aggregated.registerCollector(new RemoteViewCollector(() => member.requestView(timeout + 1000)));
    }
  }

  /** The merged exposition of all threads, in this registry's content type. */
  workerMetrics(): Promise<string> {
    const format = this.contentType === OPENMETRICS_CONTENT_TYPE ? 'openmetrics' : 'text';
    return this.aggregated.metrics({ format });
  }

  /** In a worker thread, sends its last snapshot and waits until the main thread has it. */
  async shutdown(timeout = 5000): Promise<void> {
    await this.member?.shutdown(timeout);
  }

  static aggregate<T extends RegistryContentType>(metricsArr: MetricJson[][], registryType?: T): Registry<T> {
    return aggregateJson(metricsArr, registryType);
  }

  /** Worker threads the main thread knows to be running. */
  static workerCount(): number {
    return runningWorkerCount();
  }

  /** The registries every thread reports (default: the thread's global registry). */
  static setRegistries(regs: Registry<any> | Registry<any>[]): void {
    const list = Array.isArray(regs) ? regs : [regs];
    for (const r of list) {
      if (!(r instanceof Registry)) throw new MetricConfigError(`Expected Registry, got ${typeof r}`);
    }
    setThreadRegistries(list);
  }
}
