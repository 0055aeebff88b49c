import {
  getOrCreateMetric,
  type LabelValue,
  now,
  openTelemetry,
  type Registry,
  secondsSince,
  trackCall,
} from '../core';
import { decoratorRegistry } from './binding';
import { snakeCase } from './naming';
import { callInSpan } from './observed-span';

/** The options of `observe`: `lowCardinality` and `highCardinality` (objects), `buckets`, `registry`. */
export interface ObserveOptions {
  /** Labels of both metrics and attributes of the span. */
  lowCardinality?: Record<string, LabelValue>;
  /** Attributes of the span only. */
  highCardinality?: Record<string, LabelValue>;
  /** Histogram upper bounds in seconds. */
  buckets?: number[];
  /** Defaults to the registry decorated metrics record into. */
  registry?: Registry<any>;
}

/**
 * `@Observed` for a block of code rather than a method: runs `fn` as one
 * observation named `name` (a span when `@opentelemetry/api` is installed,
 * `<name>_duration_seconds` and `<name>_errors_total`) and returns its result
 * untouched. The metrics are declared on first use, by the one reuse rule.
 */
export function observe<R>(name: string, fn: () => R, options: ObserveOptions = {}): R {
  const registry = options.registry ?? decoratorRegistry();
  const base = snakeCase(name);
  const labels = options.lowCardinality ?? {};
  const labelNames = Object.keys(labels);
  const declaredBy = `observe("${name}")`;
  const duration = getOrCreateMetric(
    registry,
    {
      type: 'histogram',
      name: `${base}_duration_seconds`,
      help: `Duration of observation "${name}" in seconds.`,
      labelNames,
      buckets: options.buckets,
      exemplars: 'trace',
    },
    declaredBy,
  ).labels(labels);
  const errors = getOrCreateMetric(
    registry,
    {
      type: 'counter',
      name: `${base}_errors_total`,
      help: `Failed calls of observation "${name}".`,
      labelNames,
    },
    declaredBy,
  ).labels(labels);
  const measured = () => {
    const start = now();
    return trackCall(fn, {
      end(_error, failed) {
        duration.observe(secondsSince(start));
        if (failed) errors.inc();
      },
    });
  };
  const otel = openTelemetry();
  if (otel === null) return measured();
  return callInSpan(
    otel,
    name,
    [() => labels, () => options.highCardinality ?? {}],
    measured,
    undefined,
    [],
  ) as R;
}
