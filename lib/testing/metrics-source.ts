import { type Collector, Registry } from '../core';

/**
 * What the test helpers read: a registry, any collector (a metric, a custom
 * collector), or exposition text already scraped from an endpoint.
 */
export type MetricsSource = Registry<any> | Collector | string;

/**
 * The registry to read `source` through. A lone collector gets a strict
 * registry of its own, so a collector that throws fails the test rather than
 * silently leaving its metrics out.
 */
export function registryOf(source: Registry<any> | Collector): Registry<any> {
  if (source instanceof Registry) return source;
  if (source === null || typeof source !== 'object' || typeof source.collect !== 'function') {
    throw new TypeError('expected a Registry, a metric or a collector (an object with collect())');
  }
  const registry = new Registry(undefined, { strict: true });
  registry.registerCollector(source);
  return registry;
}

/** The source as Prometheus text format 0.0.4. */
export async function expositionOf(source: MetricsSource): Promise<string> {
  if (typeof source === 'string') return source;
  return registryOf(source).metrics({ format: 'text' });
}
