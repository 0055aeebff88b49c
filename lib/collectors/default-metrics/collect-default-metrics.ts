import {
  assertLabelNames,
  currentRuntime,
  describe,
  getDefaultRegistry,
  MetricConfigError,
  type Registry,
  StateSlot,
  validateMetricName,
} from '../../core';
import { activeResources } from './active-resources';
import { type DefaultMetricSource, DefaultMetricsContext } from './context';
import { eventLoopLag } from './event-loop-lag';
import { eventLoopUtilization } from './event-loop-utilization';
import { DEFAULT_GC_DURATION_BUCKETS, gcDuration } from './gc';
import { heap } from './heap';
import { heapSpaces } from './heap-spaces';
import { nodeVersion } from './node-version';
import { ProcReadQueue } from './proc-files';
import { processCpu } from './process-cpu';
import { processFds } from './process-fds';
import { processMemory } from './process-memory';
import { processStartTime } from './process-start-time';
import { assertProcessToMeasure, measuredOn } from './runtime-support';

/** prom-client's configuration object for collectDefaultMetrics. */
export interface DefaultMetricsCollectorConfiguration {
  /** Registry to expose the metrics on; defaults to the global `register`. */
  register?: Registry<any>;
  /** Prepended to every metric name. */
  prefix?: string;
  /** Constant labels added to every series. */
  labels?: Record<string, string | number>;
  gcDurationBuckets?: readonly number[];
  /** Sampling interval of the event-loop delay monitor, in milliseconds (default 10). */
  eventLoopMonitoringPrecision?: number;
}

/** What `collectDefaultMetrics` returns: the registry the default metrics are in, and `stop()` to let go of them. */
export interface DefaultMetricsHandle {
  readonly registry: Registry<any>;
  /**
   * Lets go of the metrics; once every handle on the registry has stopped,
   * unregisters them and releases the event-loop monitor and the GC observer.
   * Safe to call twice.
   */
  stop(): void;
}

/** Label names the default metrics use themselves, so configured labels may not take them. */
const RESERVED_LABELS = ['type', 'space', 'kind', 'version', 'major', 'minor', 'patch'];

/** The default metrics running on a registry, kept in its state. */
const RUNNING = new StateSlot<RunningSources>('default metrics');

/**
 * Exposes the process and Node.js runtime metrics, with prom-client's names,
 * help texts and types, on one registry. Calling it again for the same
 * registry shares the running collectors (re-registering them if the registry
 * was cleared) rather than starting a second set of monitors; they stop when
 * the last handle does, so two apps on one registry never cut each other off.
 */
export function collectDefaultMetrics(
  config: DefaultMetricsCollectorConfiguration = {},
): DefaultMetricsHandle {
  if (config === null || typeof config !== 'object') {
    throw new TypeError(`collectDefaultMetrics: config must be an object, got ${describe(config)}`);
  }
  const registry = config.register ?? getDefaultRegistry();
  let shared = registry.scrapeState.get(RUNNING);
  if (shared) {
    registerAll(registry, shared.sources);
  } else {
    const sources = createSources(config);
    try {
      registerAll(registry, sources);
    } catch (error) {
      for (const source of sources) source.stop?.();
      throw error;
    }
    shared = new RunningSources(registry, sources);
    registry.scrapeState.set(RUNNING, shared);
  }
  shared.users++;
  return new SharedHandle(shared);
}

/** The collectors running on one registry and how many handles still use them. */
class RunningSources {
  users = 0;

  constructor(
    readonly registry: Registry<any>,
    readonly sources: readonly DefaultMetricSource[],
  ) {}

  release(): void {
    if (--this.users > 0) return;
    for (const source of this.sources) {
      this.registry.unregisterCollector(source);
      source.stop?.();
    }
    const state = this.registry.scrapeState;
    if (state.get(RUNNING) === this) state.set(RUNNING, undefined);
  }
}

class SharedHandle implements DefaultMetricsHandle {
  private stopped = false;

  constructor(private readonly shared: RunningSources) {}

  get registry(): Registry<any> {
    return this.shared.registry;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.shared.release();
  }
}

/** All or nothing: a name clash with an existing metric leaves the registry as it was. */
function registerAll(registry: Registry<any>, sources: readonly DefaultMetricSource[]): void {
  const added: DefaultMetricSource[] = [];
  try {
    for (const source of sources) {
      registry.registerCollector(source);
      added.push(source);
    }
  } catch (error) {
    for (const source of added) registry.unregisterCollector(source);
    throw error;
  }
}

function createSources(config: DefaultMetricsCollectorConfiguration): DefaultMetricSource[] {
  const runtime = currentRuntime();
  assertProcessToMeasure(runtime);
  const measured = measuredOn(runtime);
  const ctx = createContext(config);
  const resolution = config.eventLoopMonitoringPrecision ?? 10;
  if (!Number.isInteger(resolution) || resolution < 1) {
    throw new MetricConfigError(
      `collectDefaultMetrics: eventLoopMonitoringPrecision must be a whole number of milliseconds >= 1, got ${describe(resolution)}`,
    );
  }
  // The GC histogram validates its buckets before any monitor or observer is
  // started, on every runtime, so a bad option fails alike everywhere.
  const gc = gcDuration(ctx, config.gcDurationBuckets ?? DEFAULT_GC_DURATION_BUCKETS);
  if (!measured('gc')) gc.stop?.();
  const procReads = new ProcReadQueue();
  // The registry starts collectors in this order: the synchronous ones come
  // before the /proc readers so active requests do not count our own reads.
  // What this runtime only imitates is left out (runtime-support.ts).
  const sources: (DefaultMetricSource | false)[] = [
    processCpu(ctx),
    processStartTime(ctx),
    measured('eventLoopLag') && eventLoopLag(ctx, resolution),
    measured('eventLoopUtilization') && eventLoopUtilization(ctx),
    activeResources(ctx, {
      handles: measured('activeHandles'),
      requests: measured('activeRequests'),
      resources: measured('activeResources'),
    }),
    heap(ctx),
    measured('heapSpaces') && heapSpaces(ctx),
    nodeVersion(ctx),
    measured('gc') && gc,
    processMemory(ctx, procReads),
    processFds(ctx, procReads),
  ];
  // Built from checked options through the family builders, which check every
  // value they add: a scrape need not check the families again.
  return sources
    .filter((source) => source !== false)
    .map((source) => Object.assign(source, { validByConstruction: true }));
}

function createContext(config: DefaultMetricsCollectorConfiguration): DefaultMetricsContext {
  const prefix = config.prefix ?? '';
  if (typeof prefix !== 'string' || (prefix !== '' && !validateMetricName(`${prefix}x`))) {
    throw new MetricConfigError(
      `collectDefaultMetrics: prefix ${describe(prefix)} would make invalid metric names (use letters, digits, '_' and ':')`,
    );
  }
  const labels = config.labels ?? {};
  if (labels === null || typeof labels !== 'object') {
    throw new MetricConfigError(`collectDefaultMetrics: labels must be an object, got ${describe(labels)}`);
  }
  assertLabelNames('collectDefaultMetrics labels', Object.keys(labels), RESERVED_LABELS);
  return new DefaultMetricsContext(prefix, labels);
}
