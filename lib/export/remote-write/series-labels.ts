import { type LabelSet, labelValueAt, NO_LABEL_SET } from '../../model';

/**
 * The labels of one series as Remote Write sends them: sorted by name, each
 * name once. `value(i)` is the value of `names[i]`; an empty value means the
 * label is absent (Remote Write forbids empty values).
 */
export interface SeriesLabels {
  readonly names: readonly string[];
  value(i: number): string;
}

const METRIC_NAME = -1;
const EXTRA = -2;
/** Sources below this are constant labels: -3 is the first, -4 the second... */
const FIRST_CONSTANT = -3;

/**
 * Where each sorted label of a series comes from: the point's own labels, the
 * metric name, the extra label of a sample (`le`, `quantile`, a state set's
 * state) or the constant labels (identity and default labels, which a point's
 * own labels override). Worked out once per shape of point and reused for
 * every point of that shape.
 */
class LabelLayout {
  readonly names: string[];
  readonly sources: Int32Array;

  constructor(own: readonly string[], extra: string | undefined, constants: readonly string[]) {
    const entries: [string, number][] = [['__name__', METRIC_NAME]];
    for (let i = 0; i < own.length; i++) entries.push([own[i], i]);
    if (extra !== undefined) entries.push([extra, EXTRA]);
    for (let i = 0; i < constants.length; i++) {
      const name = constants[i];
      if (!own.includes(name) && name !== extra) entries.push([name, FIRST_CONSTANT - i]);
    }
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.names = entries.map((e) => e[0]);
    this.sources = Int32Array.from(entries, (e) => e[1]);
  }
}

/**
 * One series' labels, refilled for each point (no object per series): a
 * layout, the point's own values, the sample's metric name and extra value.
 */
export class PointLabels implements SeriesLabels {
  names: readonly string[] = [];
  private sources: Int32Array = new Int32Array(0);
  /** The point whose labels these are: read a value at a time (a series builds `labelValues` on each read). */
  private own: LabelSet = NO_LABEL_SET;
  private metricName = '';
  private extraValue = '';
  private lastOwn: readonly string[] | undefined;
  private lastExtra: string | undefined;
  private layout: LabelLayout | undefined;
  private readonly layouts = new Map<string, LabelLayout>();

  constructor(private readonly constants: LabelSet) {}

  /** Points to the labels of `point`'s sample named `metricName`, with `extra` set to `extraValue` when given. */
  set(point: LabelSet, metricName: string, extra?: string, extraValue = ''): this {
    const own = point.labelNames;
    if (own !== this.lastOwn || extra !== this.lastExtra || this.layout === undefined)
      this.relayout(own, extra);
    this.own = point;
    this.metricName = metricName;
    this.extraValue = extraValue;
    return this;
  }

  private relayout(own: readonly string[], extra: string | undefined): void {
    // Points of one metric share their label names array; other collectors may build one per point.
    const key = `${extra ?? ''}\u0000${own.join('\u0000')}`;
    let layout = this.layouts.get(key);
    if (layout === undefined) {
      layout = new LabelLayout(own, extra, this.constants.labelNames);
      this.layouts.set(key, layout);
    }
    this.layout = layout;
    this.names = layout.names;
    this.sources = layout.sources;
    this.lastOwn = own;
    this.lastExtra = extra;
  }

  value(i: number): string {
    const source = this.sources[i];
    if (source >= 0) return labelValueAt(this.own, source);
    if (source === METRIC_NAME) return this.metricName;
    if (source === EXTRA) return this.extraValue;
    return this.constants.labelValues[FIRST_CONSTANT - source];
  }
}

/** Labels kept as plain arrays: a series remembered after it left the registry, for its stale marker. */
export class FixedLabels implements SeriesLabels {
  constructor(
    readonly names: readonly string[],
    private readonly values: readonly string[],
  ) {}

  static copy(labels: SeriesLabels): FixedLabels {
    return new FixedLabels(
      labels.names,
      labels.names.map((_, i) => labels.value(i)),
    );
  }

  value(i: number): string {
    return this.values[i];
  }
}
