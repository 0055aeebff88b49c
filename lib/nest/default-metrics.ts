import { collectDefaultMetrics, type DefaultMetricsCollectorConfiguration } from '../collectors';
import type { Registry } from '../core';

interface SharedDefaultMetrics {
  stop: () => void;
  users: number;
}

const running = new WeakMap<Registry<any>, SharedDefaultMetrics>();

/**
 * Starts default metrics on `registry` unless another live module already
 * did, and returns the release function. The collectors stop when the last
 * module using them is destroyed, so two apps sharing the global registry
 * neither clash nor cut each other's metrics off.
 */
export function acquireDefaultMetrics(registry: Registry<any>, config: DefaultMetricsOptions): () => void {
  let shared = running.get(registry);
  if (shared === undefined) {
    const handle = collectDefaultMetrics({ ...config, register: registry });
    shared = { stop: () => handle.stop(), users: 0 };
    running.set(registry, shared);
  }
  shared.users++;
  let released = false;
  const current = shared;
  return () => {
    if (released) return;
    released = true;
    if (--current.users === 0) {
      running.delete(registry);
      current.stop();
    }
  };
}

export type DefaultMetricsOptions = Omit<DefaultMetricsCollectorConfiguration, 'register'>;
