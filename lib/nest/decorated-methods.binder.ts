import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { Registry } from '../core';
import { bindDecoratedMetrics, getMetricDefinitions } from '../decorators';

/** A method of a provider or controller carrying promkit's method decorators. */
export interface DecoratedMethod {
  readonly className: string;
  readonly methodName: string;
  /** Names of the metrics its decorators record into. */
  readonly metrics: readonly string[];
}

/**
 * Registries of the live modules, oldest first. Decorated metrics follow the
 * newest, and when it closes they move back to the one before it (or the
 * global registry), so closing one of several apps never strands them.
 */
const liveBindings: Registry<any>[] = [];

function rebindToNewest(): void {
  // Binding to the registry they are already in keeps their values.
  bindDecoratedMetrics(liveBindings.at(-1));
}

/** Finds the app's decorated methods and binds their metrics to the module's registry. */
@Injectable()
export class DecoratedMethodsBinder {
  private found: DecoratedMethod[] = [];

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
  ) {}

  /** What the last `bindAll` discovered. */
  get decoratedMethods(): readonly DecoratedMethod[] {
    return this.found;
  }

  /** Binds, so every decorated metric is in `registry` at zero; returns the undo. */
  bindAll(registry: Registry<any>): () => void {
    this.found = this.discover();
    liveBindings.push(registry);
    rebindToNewest();
    return () => {
      const index = liveBindings.lastIndexOf(registry);
      if (index >= 0) liveBindings.splice(index, 1);
      rebindToNewest();
    };
  }

  private discover(): DecoratedMethod[] {
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    const found: DecoratedMethod[] = [];
    const seen = new Set<object>();
    for (const wrapper of wrappers) {
      const instance = wrapper.instance as object | null | undefined;
      if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
      seen.add(instance);
      const prototype = Object.getPrototypeOf(instance);
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const definitions = getMetricDefinitions(prototype, methodName);
        if (definitions.length === 0) continue;
        found.push({
          className: instance.constructor.name,
          methodName,
          metrics: definitions.map((d) => d.name),
        });
      }
    }
    return found;
  }
}
