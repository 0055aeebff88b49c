import { SetMetadata } from '@nestjs/common';
import type { DiscoveryService } from '@nestjs/core';
import type { Registry } from '../core';

const METRICS_BINDER_KEY = 'promkit:metrics-binder';

/**
 * A provider that adds metrics or collectors to the app's registry when the
 * app starts, as Micrometer's `MeterBinder`. Whatever `bindTo` returns is
 * called when the app closes.
 */
export interface MetricsBinding {
  // biome-ignore lint/suspicious/noConfusingVoidType: a bindTo declared `: void` must fit, as Micrometer's does
  bindTo(registry: Registry<any>): void | (() => unknown);
}

/**
 * Marks a provider as a {@link MetricsBinding}: `MetricsModule` finds it and
 * calls its `bindTo` with the module's registry when the app starts.
 */
export const MetricsBinder = (): ClassDecorator => SetMetadata(METRICS_BINDER_KEY, true);

/**
 * Calls `bindTo` of every `@MetricsBinder()` provider with `registry`.
 * Returns the undo: each binder's own, then the metrics they registered
 * are removed, so an app created again binds to a clean registry.
 * A binder that fails stops the start with an error naming its class.
 */
export function bindMetricsBinders(
  discovery: DiscoveryService,
  registry: Registry<any>,
): () => Promise<void> {
  const undos: (() => unknown)[] = [];
  const undo = async () => {
    for (const step of undos.splice(0).reverse()) await step();
  };
  const seen = new Set<object>();
  try {
    for (const wrapper of discovery.getProviders()) {
      const instance = wrapper.instance as { bindTo?: unknown } | null | undefined;
      if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
      if (Reflect.getMetadata(METRICS_BINDER_KEY, instance.constructor) !== true) continue;
      seen.add(instance);
      undos.push(bindOne(instance, registry));
    }
  } catch (error) {
    void undo();
    throw error;
  }
  return undo;
}

function bindOne(instance: { bindTo?: unknown }, registry: Registry<any>): () => unknown {
  const className = instance.constructor.name;
  if (typeof instance.bindTo !== 'function') {
    throw new TypeError(`@MetricsBinder() provider ${className} has no bindTo(registry) method`);
  }
  const before = new Set(registry.getMetricsAsArray().map((m) => m.name));
  let own: unknown;
  try {
    own = instance.bindTo(registry);
  } catch (error) {
    removeAddedMetrics(registry, before);
    throw new Error(`@MetricsBinder() provider ${className}: bindTo(registry) failed: ${describe(error)}`, {
      cause: error,
    });
  }
  const added = registry
    .getMetricsAsArray()
    .map((m) => m.name)
    .filter((name) => !before.has(name));
  return async () => {
    if (typeof own === 'function') await own();
    for (const name of added) registry.removeSingleMetric(name);
  };
}

function removeAddedMetrics(registry: Registry<any>, before: ReadonlySet<string>): void {
  for (const metric of registry.getMetricsAsArray()) {
    if (!before.has(metric.name)) registry.removeSingleMetric(metric.name);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
