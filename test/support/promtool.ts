import { commandSucceeds, type ExternalTool, runWithInput, type SpawnResult } from './external-tool';

let available: boolean | undefined;

/** Prometheus' own `promtool` (Debian package `prometheus`): parses and lints text format 0.0.4. */
export const promtool: ExternalTool = {
  name: 'promtool',
  debianPackage: 'prometheus',
  available: () => (available ??= commandSucceeds('promtool', ['--version'])),
};

/**
 * `promtool check metrics` with `text` on stdin. Exit 0 and empty output mean
 * it parsed and passed the lint; parse errors and lint findings are printed
 * (to stderr in current versions) with a non-zero exit code.
 */
export function promtoolCheckMetrics(text: string): Promise<SpawnResult> {
  return runWithInput('promtool', ['check', 'metrics'], text);
}
