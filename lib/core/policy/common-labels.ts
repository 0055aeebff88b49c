import { type LabelSet, type MetricFamily, reservedPointLabel } from '../../model';
import { matchesPattern } from './metric-pattern';
import type { CommonLabelRule, MetricPattern } from './metric-policy';

/** How specific a pattern is: an exact name above any prefix, a longer prefix above a shorter one. */
function specificity(pattern: MetricPattern): number {
  return pattern.endsWith('*') ? pattern.length - 1 : Number.POSITIVE_INFINITY;
}

/**
 * The common labels of a metric or family of this declared name: every
 * matching rule's, the most specific winning label by label (the later rule
 * among equally specific ones). Undefined when no rule matches.
 */
export function commonLabelsFor(
  rules: readonly CommonLabelRule[] | undefined,
  name: string,
): Readonly<Record<string, string>> | undefined {
  const matching = rules?.filter((r) => matchesPattern(r.metric, name));
  if (matching === undefined || matching.length === 0) return undefined;
  // A stable sort keeps the rules' order among equally specific patterns.
  matching.sort((a, b) => specificity(a.metric) - specificity(b.metric));
  return Object.assign({}, ...matching.map((r) => r.labels));
}

/** The common labels a series with these label names shows: those whose names it does not have. */
function missingFrom(
  common: Readonly<Record<string, string>>,
  own: readonly string[],
  reserved: string | undefined,
): LabelSet {
  const labelNames = Object.keys(common).filter((n) => !own.includes(n) && n !== reserved);
  return { labelNames, labelValues: labelNames.map((n) => common[n]) };
}

/** Creates a series showing these label values under these names. */
export type SeriesCreator<C> = (labelValues: string[], labelNames: readonly string[]) => C;

/**
 * A metric's series creation with its common labels appended to each new
 * series' own (a metric's own label of the same name wins, and the label its
 * type reserves is left alone). Only series creation pays: calls on existing
 * series, and the exposition, find the labels already in the series.
 */
export function creatingWithCommonLabels<C>(
  common: Readonly<Record<string, string>> | undefined,
  metric: { readonly type: string; readonly name: string; readonly labelNames: readonly string[] },
  create: SeriesCreator<C>,
): SeriesCreator<C> {
  if (common === undefined) return create;
  const reserved = reservedPointLabel(metric.type, metric.name);
  const added = missingFrom(common, metric.labelNames, reserved);
  if (added.labelNames.length === 0) return create;
  // One names array per names array the store passes (all labels, a partial set, the overflow series).
  const shownNames = new Map<readonly string[], LabelSet>();
  return (values, names) => {
    let shown = shownNames.get(names);
    if (shown === undefined) {
      const extra = missingFrom(common, names, reserved);
      shown = { labelNames: [...names, ...extra.labelNames], labelValues: extra.labelValues };
      shownNames.set(names, shown);
    }
    return create([...values, ...shown.labelValues], shown.labelNames);
  };
}

/** A collected family with its common labels added to every point that lacks them. */
export function withCommonLabels(
  family: MetricFamily,
  common: Readonly<Record<string, string>> | undefined,
): MetricFamily {
  if (common === undefined) return family;
  const reserved = reservedPointLabel(family.type, family.name);
  const points = (family.points as readonly LabelSet[]).map((point) => {
    const extra = missingFrom(common, point.labelNames, reserved);
    if (extra.labelNames.length === 0) return point;
    // Derived from the point, not spread: a promkit metric's points are its
    // series, whose buckets, sums and counts are getters a spread would drop.
    // Its values are its own array now, so a series' `labelValueAt` is not inherited.
    return Object.create(point, {
      labelNames: { value: [...point.labelNames, ...extra.labelNames], enumerable: true },
      labelValues: { value: [...point.labelValues, ...extra.labelValues], enumerable: true },
      labelValueAt: { value: undefined },
    }) as LabelSet;
  });
  return { ...family, points } as MetricFamily;
}
