import { describe, MetricConfigError } from '../validation';
import { checkPolicy } from './check-policy';
import type { MetricPolicy } from './metric-policy';

/** The environment variable an operator sets a policy in, as JSON. */
export const POLICY_ENV_VARIABLE = 'PROMKIT_POLICY';

/**
 * The policy an operator set in `PROMKIT_POLICY` (JSON of a `MetricPolicy`),
 * checked; undefined when unset. Any source of settings works the same way:
 * `policyFromEnv({ PROMKIT_POLICY: config.get('PROMKIT_POLICY') })` with
 * Nest's `ConfigService`.
 */
export function policyFromEnv(
  env: Readonly<Record<string, string | undefined>> = globalThis.process?.env ?? {},
): MetricPolicy | undefined {
  const text = env[POLICY_ENV_VARIABLE];
  if (text === undefined || text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new MetricConfigError(`${POLICY_ENV_VARIABLE} is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new MetricConfigError(`${POLICY_ENV_VARIABLE} must hold a JSON object, got ${describe(parsed)}`);
  }
  return checkPolicy(parsed as MetricPolicy);
}

/**
 * A policy from code with an operator's override on top: denials add up,
 * the override's `accept` replaces the code's, renames merge (the override's
 * win), and its common label, label and distribution rules come after the
 * code's, so they win where both set the same common label for the same
 * pattern or the same distribution setting.
 */
export function overridePolicy(base: MetricPolicy, override: MetricPolicy | undefined): MetricPolicy {
  if (override === undefined) return base;
  const joined = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined) =>
    a === undefined ? b : b === undefined ? a : [...a, ...b];
  return {
    accept: override.accept ?? base.accept,
    deny: joined(base.deny, override.deny),
    rename:
      base.rename === undefined && override.rename === undefined
        ? undefined
        : { ...base.rename, ...override.rename },
    commonLabels: joined(base.commonLabels, override.commonLabels),
    labels: joined(base.labels, override.labels),
    distributions: joined(base.distributions, override.distributions),
  };
}
