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
 * A view's points inherit from the live series (`Object.create`), so they
 * read the same values and cache their own label text, never the series'.
 */
export class NameRendering {
  /** Each family's metadata as written (its names rendered); its points are the family's own. */
  private readonly renamedFamilies = new Map<MetricFamily, MetricFamily>();
  /** Each family's label name arrays as written, by the array its series share. */
  private readonly renamedLabelNames = new Map<readonly string[], readonly string[]>();

  constructor(readonly scheme: EscapingScheme) {}

  /**
   * The family's name, help, type and unit as written, without reading its
   * series: itself when its metric name is legacy. Its points are the
   * family's own; `piece` renders their label names.
   */
  renamed(family: MetricFamily): MetricFamily {
    let renamed = this.renamedFamilies.get(family);
    if (renamed === undefined) {
      renamed = isLegacyMetricName(family.name) ? family : this.withMetricName(family);
      this.renamedFamilies.set(family, renamed);
    }
    return renamed;
  }

  /**
   * The family to write points `from` to `to` of: `renamed(family)` when
   * their label names are all legacy, which writes them from its own points;
   * otherwise a view holding only those points (index 0 is point `from`),
   * with their label names rendered. Decided piece by piece, so a large
   * family is never read whole in one step.
   */
  piece(family: MetricFamily, from: number, to: number): MetricFamily {
    const renamed = this.renamed(family);
    const points = family.points;
    let last: readonly string[] | undefined;
    let i = from;
    for (; i < to; i++) {
      const names = points[i].labelNames;
      if (names === last) continue;
      if (!legacyLabelNames(names)) break;
      last = names;
    }
    if (i === to) return renamed;
    return {
      ...renamed,
      points: points.slice(from, to).map((point) => this.withLabelNames(point)),
    } as MetricFamily;
  }

  /** Whether the text formats must quote this (rendered) family's metric name. */
  quotesName(family: MetricFamily): boolean {
    return this.scheme === 'allow-utf-8' && !isLegacyMetricName(family.name);
  }

  /** Registry-wide default labels with their names rendered. */
  labelSet(set: LabelSet | undefined): LabelSet | undefined {
    if (set === undefined || legacyLabelNames(set.labelNames)) return set;
    return { labelNames: set.labelNames.map((n) => this.labelName(n)), labelValues: set.labelValues };
  }

  /** A label name as written: quoted (allow-utf-8) or escaped when it is not legacy. */
  labelName(name: string): string {
    if (isLegacyLabelName(name)) return name;
    return this.scheme === 'allow-utf-8' ? quoteName(name) : escapeName(name, this.scheme);
  }

  /** The point itself when its label names are legacy; else a view that inherits its values. */
  private withLabelNames<P extends LabelSet>(point: P): P {
    let names = this.renamedLabelNames.get(point.labelNames);
    if (names === undefined) {
      names = legacyLabelNames(point.labelNames)
        ? point.labelNames
        : point.labelNames.map((n) => this.labelName(n));
      this.renamedLabelNames.set(point.labelNames, names);
    }
    if (names === point.labelNames) return point;
    return Object.create(point, { labelNames: { value: names, enumerable: true } });
  }

  private withMetricName(family: MetricFamily): MetricFamily {
    // Collectors may name a counter or info with its sample's suffix (`jobs.done_total`); escaped
    // whole, the suffix would be escaped too (`dots`: `jobs_dot_done__total`), so the name is
    // escaped bare and the writer appends the suffix, as for a metric's own name.
    const name = this.metricName(familyNameOf(family.type, family.name));
    const view = { ...family, name } as MetricFamily;
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
