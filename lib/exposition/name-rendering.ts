import {
  type EscapingScheme,
  escapeName,
  familyNameOf,
  isLegacyLabelName,
  isLegacyMetricName,
  type LabelSet,
  type MetricFamily,
  quoteName,
  textNameSuffix,
} from '../model';

/** Label name arrays already found legacy: series of one metric share one array, which never changes. */
const legacyArrays = new WeakSet<readonly string[]>();

/** Whether every name of a label name array is legacy: no scheme changes how it is written. */
export function legacyLabelNames(names: readonly string[]): boolean {
  if (legacyArrays.has(names)) return true;
  for (let i = 0; i < names.length; i++) if (!isLegacyLabelName(names[i])) return false;
  legacyArrays.add(names);
  return true;
}

/**
 * Names outside the legacy character set, as the negotiated escaping scheme
 * wants them written. A family whose names are all legacy (every family,
 * unless UTF-8 names were opted in) is written as it is; any other is written
 * through a view with its names escaped, or with its label names quoted for
 * `allow-utf-8` (its metric name, if UTF-8, is quoted by the text writer, whose
 * syntax changes for it).
 *
 * The view's points inherit from the live series (`Object.create`), so they
 * read the same values and cache their own label text, never the series'.
 */
export class NameRendering {
  private readonly views = new Map<MetricFamily, MetricFamily>();

  constructor(readonly scheme: EscapingScheme) {}

  /**
   * The family to write: itself when all its names are legacy. Decided once per
   * family and write: a large family is written in many pieces, and checking
   * every point again for each piece would make a scrape quadratic.
   */
  family(family: MetricFamily): MetricFamily {
    let view = this.views.get(family);
    if (view === undefined) {
      view = isLegacyMetricName(family.name) && this.legacyLabels(family) ? family : this.view(family);
      this.views.set(family, view);
    }
    return view;
  }

  /** Whether the text formats must quote this (rendered) family's metric name. */
  quotesName(family: MetricFamily): boolean {
    return this.scheme === 'allow-utf-8' && !isLegacyMetricName(family.name);
  }

  /** Registry-wide default labels with their names rendered. */
  labelSet(set: LabelSet | undefined): LabelSet | undefined {
    if (set === undefined || this.legacyArray(set.labelNames)) return set;
    return { labelNames: set.labelNames.map((n) => this.labelName(n)), labelValues: set.labelValues };
  }

  /** A label name as written: quoted (allow-utf-8) or escaped when it is not legacy. */
  labelName(name: string): string {
    if (isLegacyLabelName(name)) return name;
    return this.scheme === 'allow-utf-8' ? quoteName(name) : escapeName(name, this.scheme);
  }

  private legacyLabels(family: MetricFamily): boolean {
    const points = family.points;
    let last: readonly string[] | undefined;
    for (let i = 0; i < points.length; i++) {
      const names = points[i].labelNames;
      if (names === last) continue;
      if (!this.legacyArray(names)) return false;
      last = names;
    }
    return true;
  }

  private legacyArray(names: readonly string[]): boolean {
    return legacyLabelNames(names);
  }

  private view(family: MetricFamily): MetricFamily {
    // Collectors may name a counter or info with its sample's suffix (`jobs.done_total`); escaped
    // whole, the suffix would be escaped too (`dots`: `jobs_dot_done__total`), so the name is
    // escaped bare and the writer appends the suffix, as for a metric's own name.
    const name = this.metricName(familyNameOf(family.type, family.name));
    const renamed = new Map<readonly string[], readonly string[]>();
    const points = family.points.map((point) => {
      let names = renamed.get(point.labelNames);
      if (names === undefined) {
        names = this.legacyArray(point.labelNames)
          ? point.labelNames
          : point.labelNames.map((n) => this.labelName(n));
        renamed.set(point.labelNames, names);
      }
      if (names === point.labelNames) return point;
      return Object.create(point, { labelNames: { value: names, enumerable: true } });
    });
    const view = { ...family, name, points } as MetricFamily;
    // A counter's text 0.0.4 name is its family name, or that with `_total`: rendered the same way.
    if (view.type !== 'counter' || view.textName === undefined) return view;
    const textName = view.textName;
    const suffix = textNameSuffix(family.name, textName);
    return { ...view, textName: suffix === undefined ? this.metricName(textName) : name + suffix };
  }

  private metricName(name: string): string {
    return this.scheme === 'allow-utf-8' || isLegacyMetricName(name) ? name : escapeName(name, this.scheme);
  }
}
