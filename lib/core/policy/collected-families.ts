import type { MetricFamily } from '../../model';
import { commonLabelsFor, withCommonLabels } from './common-labels';
import { admitsName } from './declaration';
import type { MetricPolicy } from './metric-policy';

/**
 * What a policy does to a custom collector's family at each scrape, by family
 * name: leaves it out (accept and deny), or adds its common labels. Undefined
 * when the policy has no rule for collected families, so a scrape does nothing more.
 */
export function collectedFamilyPolicy(
  policy: MetricPolicy | undefined,
): ((family: MetricFamily) => MetricFamily | undefined) | undefined {
  if (policy === undefined) return undefined;
  const { accept, deny, commonLabels } = policy;
  if (accept === undefined && deny === undefined && commonLabels === undefined) return undefined;
  return (family) =>
    admitsName(policy, family.name)
      ? withCommonLabels(family, commonLabelsFor(commonLabels, family.name))
      : undefined;
}
