import { getDefaultRegistry, MetricConfigError, type Registry } from '../../core';
import { directoryPath } from './directory-node-modules';

/**
 * Which registries this process writes to which directory, and in which file:
 * the one place for this process-wide state. A registry written twice to one
 * directory would be merged twice (the serving writer's fresh series and the
 * other writer's file are both of this process). A writer that stopped keeps
 * its claim: its last file still holds the registry's totals.
 */
const written = new Map<string, Map<Registry<any>, string>>();

/** Claims `registries` for `fileName` in `dir`; throws, claiming none, if one is already written there. */
export function claimWrittenRegistries(
  dir: string,
  registries: readonly Registry<any>[],
  fileName: string,
): void {
  const resolve = directoryPath().resolve;
  const claimed = written.get(resolve(dir)) ?? new Map<Registry<any>, string>();
  registries.forEach((registry, i) => {
    const holder = claimed.get(registry) ?? (registries.indexOf(registry) < i ? fileName : undefined);
    if (holder === undefined) return;
    throw new MetricConfigError(
      `MultiprocessDirectory: this process already writes ${registry === getDefaultRegistry() ? 'the global registry' : `registries[${i}]`} to ${dir} (in ${holder}); a second writer would count its metrics twice. Serve the first writer's aggregated view, or give this one other registries or write: false`,
    );
  });
  for (const registry of registries) claimed.set(registry, fileName);
  written.set(resolve(dir), claimed);
}
