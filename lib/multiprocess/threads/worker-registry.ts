import type { PrometheusContentType, Registry, RegistryContentType } from '../../core';
import { HubRegistry, registryList } from '../hub/hub-registry';
import { inMainThread } from '../main-thread';
import { threadsRuntime } from './thread-channels';

/** `WorkerRegistry`'s options: which thread aggregates, how long a scrape waits, how often threads report unasked. */
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

/**
 * @prometheus-io/client's `WorkerRegistry`: create it in the main thread (before
 * starting workers) and in every worker thread (before it starts threads of
 * its own). Its first message to the parent thread joins it to the main
 * thread (tagged `promkit:multiprocess`: an app's message handler ignores it). `workerMetrics()` (and the
 * `aggregated` registry) is the merged view of the main thread's own metrics,
 * every thread's and the last totals of threads that have ended. Recording a
 * metric in a thread sends nothing: snapshots travel only when a scrape asks
 * (and as periodic checkpoints).
 */
export class WorkerRegistry<T extends RegistryContentType = PrometheusContentType> extends HubRegistry<T> {
  readonly primary: boolean;

  constructor(regContentType?: T, primaryOrOptions: boolean | WorkerRegistryOptions = {}) {
    const options = typeof primaryOrOptions === 'boolean' ? { primary: primaryOrOptions } : primaryOrOptions;
    const primary = options.primary ?? inMainThread;
    super(regContentType, 'WorkerRegistry', options, threadsRuntime(), primary);
    this.primary = primary;
  }

  /** The merged exposition of all threads, in this registry's content type. */
  workerMetrics(): Promise<string> {
    return this.mergedMetrics();
  }

  /** Worker threads the main thread knows to be running. */
  static workerCount(): number {
    return threadsRuntime().runningMembers;
  }

  /** The registries every thread reports (default: the thread's global registry). */
  static setRegistries(regs: Registry<any> | Registry<any>[]): void {
    threadsRuntime().setRegistries(registryList('WorkerRegistry', regs));
  }
}
