import type { RegisteredMetric } from '../registered-metric';
import type { Registry } from '../registry';
import { getDefaultRegistry } from '../registry-default';
import { FailureReporter, type InstrumentationErrorLogger } from './failure-reporter';

/** A decorated method's metric: it lives in whichever registry instrumentation is bound to. */
export interface RegistryFollower {
  /** The metric it holds now, if any. */
  readonly metric: RegisteredMetric | undefined;
  /** Claims its metric in `registry`: the one already there when it agrees, else a new one at zero. */
  attach(registry: Registry<any>): void;
  /** Releases what `attach` claimed. */
  detach(): void;
}

/** One app's hold on the registry decorated metrics record into; release it when the app closes. */
export interface RegistryBinding {
  readonly registry: Registry<any>;
  release(): void;
}

/**
 * Where instrumentation records: the registry decorated metrics live in, the
 * failure reporter, and every decorated metric that follows the binding. Apps
 * bind it (the newest live binding wins); when the newest is released the
 * metrics move back to the one before, or to the base registry. Every move
 * releases the old metrics first and claims new ones, so an app created again
 * sees its metrics at zero and a closed app keeps nothing counting.
 */
export class InstrumentationRuntime {
  readonly failures: FailureReporter;
  private base: Registry<any> | undefined;
  private readonly bindings: RegistryBinding[] = [];
  private readonly followers = new Set<RegistryFollower>();

  constructor(private readonly defaultRegistry: () => Registry<any>) {
    this.failures = new FailureReporter(() => this.registry);
  }

  /** The registry decorated metrics without a `registry` option record into now. */
  get registry(): Registry<any> {
    return this.bindings.at(-1)?.registry ?? this.base ?? this.defaultRegistry();
  }

  /** Places a newly declared metric in the current registry; it moves with every binding from now on. */
  follow(follower: RegistryFollower): void {
    follower.attach(this.registry);
    this.followers.add(follower);
  }

  /** Moves every followed metric into `registry`, at zero, until the binding is released. */
  bind(registry: Registry<any>): RegistryBinding {
    const binding: RegistryBinding = { registry, release: () => this.unbind(binding) };
    this.moveFollowers(
      () => this.bindings.push(binding),
      () => this.bindings.pop(),
    );
    return binding;
  }

  /**
   * The registry used while no app is bound (default: the global one).
   * Returns the metrics now in the registry instrumentation records into.
   */
  setBaseRegistry(registry: Registry<any> | undefined): RegisteredMetric[] {
    const previous = this.base;
    if (this.bindings.length > 0) this.base = registry;
    else {
      this.moveFollowers(
        () => {
          this.base = registry;
        },
        () => {
          this.base = previous;
        },
      );
    }
    return [...new Set([...this.followers].flatMap((f) => (f.metric ? [f.metric] : [])))];
  }

  private unbind(binding: RegistryBinding): void {
    const index = this.bindings.indexOf(binding);
    if (index < 0) return;
    if (index < this.bindings.length - 1) {
      this.bindings.splice(index, 1);
      return;
    }
    this.moveFollowers(
      () => this.bindings.pop(),
      () => this.bindings.push(binding),
    );
  }

  /**
   * All release before any claims, so metrics shared by several methods leave
   * too and come back at zero. A claim that fails (a conflicting metric in the
   * new registry) undoes the change and puts everything back.
   */
  private moveFollowers(change: () => void, undo: () => void): void {
    for (const follower of this.followers) follower.detach();
    change();
    try {
      for (const follower of this.followers) follower.attach(this.registry);
    } catch (error) {
      for (const follower of this.followers) follower.detach();
      undo();
      for (const follower of this.followers) follower.attach(this.registry);
      throw error;
    }
  }
}

let defaultRuntime: InstrumentationRuntime | undefined;

/** The process-wide runtime every decorator records through (like the global registry). */
export function getInstrumentation(): InstrumentationRuntime {
  defaultRuntime ??= new InstrumentationRuntime(getDefaultRegistry);
  return defaultRuntime;
}

/** Where the first failure of each decorated metric is told (default: the warning logger of the registry it records into, `console.warn` unless set). */
export function setInstrumentationErrorLogger(logger: InstrumentationErrorLogger | undefined): void {
  getInstrumentation().failures.setLogger(logger);
}

/**
 * Reports a measurement that failed, as decorators do: counted in
 * `promkit_instrumentation_errors_total{metric}` and logged once per metric.
 */
export function reportInstrumentationFailure(metric: string, error: unknown): void {
  getInstrumentation().failures.report(metric, error);
}
