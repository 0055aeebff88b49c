import { getInstrumentation, type RegisteredMetric, type Registry } from '../core';

/**
 * Moves every decorated metric without a `registry` option (those already
 * declared and those declared later) into `registry`, at zero, out of the
 * registry they were in; without an argument they go back to the global
 * registry. A running Nest app's registry takes precedence until the app
 * closes. Returns the metrics now recorded into.
 */
export function bindDecoratedMetrics(registry?: Registry<any>): RegisteredMetric[] {
  return getInstrumentation().setBaseRegistry(registry);
}

/** The registry decorated metrics without a `registry` option record into now. */
export function decoratorRegistry(): Registry<any> {
  return getInstrumentation().registry;
}
