import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { getInstrumentation, type Registry } from '../core';
import { getMetricDefinitions } from '../decorators';

/** A method of a provider or controller carrying promkit's method decorators. */
export interface DecoratedMethod {
  readonly className: string;
  readonly methodName: string;
  /** Names of the metrics its decorators record into. */
  readonly metrics: readonly string[];
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
    const binding = getInstrumentation().bind(registry);
    return () => binding.release();
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
