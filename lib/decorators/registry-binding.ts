import { getDefaultRegistry, MetricConfigError, type Registry } from '../core';
import type { AnyMetric } from './instrument-spec';

/** A decorated method's metric, which can be moved to the registry the app binds. */
export interface Bindable {
  /** The `registry` option: such metrics stay where they were put. */
  readonly registry?: Registry;
  bindTo(registry: Registry): AnyMetric;
}

let boundRegistry: Registry | undefined;
const followers = new Set<Bindable>();

/** The registry decorated metrics without a `registry` option live in. */
export function decoratorRegistry(): Registry {
  return boundRegistry ?? getDefaultRegistry();
}

/**
 * Moves every decorated metric without a `registry` option (those already
 * declared and those declared later) into `registry`, creating each there at
 * zero, and removes them from the registry they were in. Without an argument
 * they go back to the global registry. Returns the metrics now in `registry`.
 * Metrics created before binding start again from zero.
 */
export function bindDecoratedMetrics(registry?: Registry): AnyMetric[] {
  boundRegistry = registry;
  const target = decoratorRegistry();
  const metrics = new Set<AnyMetric>();
  for (const bindable of followers) metrics.add(bindable.bindTo(target));
  return [...metrics];
}

/** Puts a freshly declared metric where it belongs: its own registry or the bound one. */
export function placeMetric(bindable: Bindable): void {
  if (bindable.registry) {
    bindable.bindTo(bindable.registry);
    return;
  }
  followers.add(bindable);
  bindable.bindTo(decoratorRegistry());
}

const owners = new WeakMap<AnyMetric, { description: string; users: number }>();

/**
 * The metric `template` describes, in `registry`: the one already there when
 * its definition agrees, else a new one. A disagreeing definition under the
 * same name is an error naming both sides and what differs.
 */
export function obtainMetric(
  registry: Registry,
  template: AnyMetric,
  description: string,
  create: (registry: Registry) => AnyMetric,
): AnyMetric {
  const existing = registry.getSingleMetric(template.name) as AnyMetric | undefined;
  if (existing) {
    const difference = differenceBetween(existing, template);
    if (difference) {
      const other = owners.get(existing)?.description ?? 'other code';
      throw new MetricConfigError(
        `${description}: metric "${template.name}" is already registered by ${other} with ${difference.theirs} (here: ${difference.ours})`,
      );
    }
    const owner = owners.get(existing);
    if (owner) owner.users++;
    return existing;
  }
  const metric = create(registry);
  owners.set(metric, { description, users: 1 });
  return metric;
}

/** Drops a decorator's hold on `metric`; the last one out unregisters it. */
export function releaseMetric(registry: Registry, metric: AnyMetric): void {
  const owner = owners.get(metric);
  if (!owner || --owner.users > 0) return;
  if (registry.getSingleMetric(metric.name) === metric) registry.removeSingleMetric(metric.name);
}

function differenceBetween(a: AnyMetric, b: AnyMetric): { theirs: string; ours: string } | undefined {
  if (a.type !== b.type) return { theirs: `type ${a.type}`, ours: `type ${b.type}` };
  const aLabels = [...a.labelNames].sort().join(', ');
  const bLabels = [...b.labelNames].sort().join(', ');
  if (aLabels !== bLabels) return { theirs: `labelNames [${aLabels}]`, ours: `labelNames [${bLabels}]` };
  for (const setting of ['upperBounds', 'percentiles'] as const) {
    const aValues = String((a as any)[setting] ?? '');
    const bValues = String((b as any)[setting] ?? '');
    const shown = setting === 'upperBounds' ? 'buckets' : 'percentiles';
    if (aValues !== bValues) return { theirs: `${shown} [${aValues}]`, ours: `${shown} [${bValues}]` };
  }
  return undefined;
}
