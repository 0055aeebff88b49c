import { MetricConfigError } from '../core';

/**
 * What Nest would only call "can't resolve Symbol(...)": a promkit provider
 * used in an app without the module that provides its registry.
 */
export function metricsModuleMissing(what: string): MetricConfigError {
  return new MetricConfigError(
    `${what} needs MetricsModule.forRoot() (or MetricsModule.forRootAsync()) imported once in the app's root module; ` +
      'none is visible here (with global: false, import that module where the metrics are used)',
  );
}
