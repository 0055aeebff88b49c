import { Metric, type MultiprocessMode, type Registry } from '../core';
import type { MetricFamily } from '../model';
import { isAggregated } from './aggregated-marker';
import type { DefaultLabels } from './encode-family';
import { declaredMode, modeOfAggregator } from './modes';

/**
 * One registry's families as another process would see them: the modes its
 * metrics declared and the default labels its series get, which a scrape of
 * the registry alone would not tell.
 */
export interface RegistryFamilies {
  /** Merged views left out: a registry may hold one, and it is not this process's own data. */
  readonly families: readonly MetricFamily[];
  readonly modes: ReadonlyMap<string, MultiprocessMode>;
  readonly defaults: DefaultLabels;
}

/** Runs every collector of every registry, as a scrape does. */
export async function collectRegistries(registries: readonly Registry<any>[]): Promise<RegistryFamilies[]> {
  const out: RegistryFamilies[] = [];
  for (const registry of registries) {
    const modes = declaredModes(registry);
    const defaults = defaultLabelsOf(registry);
    const families = (await registry.collect()).filter((family) => !isAggregated(family));
    out.push({ families, modes, defaults });
  }
  return out;
}

export function declaredModes(registry: Registry<any>): Map<string, MultiprocessMode> {
  const modes = new Map<string, MultiprocessMode>();
  for (const metric of registry.getMetricsAsArray()) {
    // A metric of another library (prom-client's, registered here) declares only prom-client's aggregator.
    const mode =
      metric instanceof Metric
        ? declaredMode(metric)
        : metric.aggregator !== 'sum'
          ? modeOfAggregator(metric.aggregator, metric.type)
          : undefined;
    if (mode !== undefined) modes.set(metric.familyName, mode);
  }
  return modes;
}

export function defaultLabelsOf(registry: Registry<any>): DefaultLabels {
  const labels = registry.defaultLabels;
  const names = Object.keys(labels);
  return { names, values: names.map((n) => labels[n]) };
}
