import type { NativeHistogramOptions } from '../native-histogram';

/**
 * Which metrics a rule is for: a metric's declared name (as composed from
 * namespace, subsystem, name and unit, before any rename), or a prefix ending
 * in `*` (`http_*`), or `*` for every metric.
 */
export type MetricPattern = string;

/** A rewrite of one label's values, applied when a series is created. */
export interface LabelRule {
  /** The metrics it applies to. */
  metric: MetricPattern;
  /** The label whose values it rewrites. */
  label: string;
  /** Values replaced one for one (`{ '200': 'ok' }`); checked before `replace`. */
  values?: Readonly<Record<string, string>>;
  /** A regular expression and its replacement (`['^(\\d)\\d\\d$', '$1xx']` collapses status codes). */
  replace?: readonly [pattern: string, replacement: string];
  /** Leave the label out of the metric's series (their values are merged). */
  drop?: boolean;
  /**
   * Distinct values of this label kept at most (counted after rewriting).
   * Past it, series with a new value go to the metric's overflow series, as
   * past its series limit (`maxSeries`).
   */
  maxValues?: number;
}

/** Distribution settings an operator can change without touching the code that declares the metric. */
export interface DistributionRule {
  /** The metrics it applies to. */
  metric: MetricPattern;
  /** Classic bucket upper bounds in place of the declared ones (histograms). */
  buckets?: readonly number[];
  /** Bounds added to the buckets (declared, or this rule's), such as an SLO's latency threshold (histograms). */
  slo?: readonly number[];
  /** Native buckets on (`true`, or options such as `bucketFactor`) or off (`false`) (histograms). */
  native?: boolean | NativeHistogramOptions;
  /** The quantiles in place of the declared percentiles (summaries). */
  quantiles?: readonly number[];
}

/**
 * Labels added to every series of the metrics a rule matches, as default
 * labels are added to every series of a registry. Where several rules give a
 * label, the most specific pattern wins (an exact name, then the longest
 * prefix, then `*`; the later rule among equal ones); a metric's own label of
 * the same name wins over all of them.
 */
export interface CommonLabelRule {
  /** The metrics it applies to. */
  metric: MetricPattern;
  /** Label names and their fixed values (`{ team: 'web' }`). */
  labels: Readonly<Record<string, string>>;
}

/**
 * A registry's instrumentation policy: rules every metric registering with
 * it follows, whoever declares it. Rules run when a metric is declared and
 * when one of its series is created, never on calls to existing series.
 */
export interface MetricPolicy {
  /** Only metrics matching one of these are kept (default: all). */
  accept?: readonly MetricPattern[];
  /** Metrics matching one of these do nothing and are not exposed; wins over `accept`. */
  deny?: readonly MetricPattern[];
  /** Declared name to exposed name (`{ jobs_total: 'app_jobs_total' }`). */
  rename?: Readonly<Record<string, string>>;
  /** Fixed labels for the series of the metrics each rule matches (`[{ metric: '*', labels: { env: 'prod' } }]`). */
  commonLabels?: readonly CommonLabelRule[];
  /** Label value rewrites and caps, applied in order. */
  labels?: readonly LabelRule[];
  /** Bucket and quantile settings; for one metric, later rules override earlier ones field by field. */
  distributions?: readonly DistributionRule[];
}
