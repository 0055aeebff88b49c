import {
  assertLabelNames,
  assertWellFormed,
  composeMetricName,
  describe,
  describeSeries,
  LabelError,
  labelValueToString,
  MetricConfigError,
  MetricValueError,
} from '../../core';
import type { LabelSet, MetricType } from '../../model';

/** What every builder's options share: the label names its series carry and an optional unit suffix. */
export interface FamilyOptions {
  /** Label names; `addMetric` then takes one value per name, in this order. */
  labels?: readonly string[];
  /** Appended to the name as `_<unit>` unless the name already ends with it (as the Python client does). */
  unit?: string;
}

/** Label values in the order of the family's label names. */
export type LabelValueList = readonly (string | number)[];

/**
 * The shared half of the Python-style family builders: a builder IS a
 * `MetricFamily` (name, help, type, unit, points) so a collector can return it
 * as is, and `addMetric` appends one validated point per call.
 */
export abstract class FamilyBuilder<T extends MetricType, P> {
  readonly name: string;
  readonly help: string;
  readonly type: T;
  readonly unit: string | undefined;
  readonly points: P[] = [];
  protected readonly labelNames: readonly string[];

  protected constructor(
    type: T,
    name: string,
    help: string,
    options: FamilyOptions,
    /** Label names this type writes itself (`le`, `quantile`, ...), so users may not declare them. */
    reservedLabels: readonly string[] = [],
  ) {
    if (options === null || typeof options !== 'object') {
      throw new MetricConfigError(`${builderName(type)} "${name}": options must be an object`);
    }
    this.type = type;
    this.name = composeMetricName({ name, unit: options.unit });
    if (typeof help !== 'string') {
      throw new MetricConfigError(`${builderName(type)} "${this.name}": help must be a string`);
    }
    assertWellFormed(`${builderName(type)} "${this.name}": help`, help, undefined, MetricConfigError);
    this.help = help;
    this.unit = options.unit || undefined;
    this.labelNames = assertLabelNames(this.name, options.labels, reservedLabels);
  }

  /** `Gauge "queue_depth"`-style prefix for error messages. */
  protected get what(): string {
    return `${builderName(this.type)} "${this.name}"`;
  }

  /** Python's rule: a constructor `value` is a shortcut for one unlabelled series, so it excludes `labels`. */
  protected assertValueWithoutLabels(options: FamilyOptions): void {
    if (options.labels !== undefined && options.labels.length > 0) {
      throw new MetricConfigError(
        `${this.what}: give either a value (one series without labels) or labels (series added with addMetric), not both`,
      );
    }
  }

  protected labelSet(values: LabelValueList): LabelSet {
    const names = this.labelNames;
    if (!Array.isArray(values) || values.length !== names.length) {
      const got = Array.isArray(values) ? `${values.length} (${JSON.stringify(values)})` : describe(values);
      throw new LabelError(
        `${this.what}: expected ${names.length} label value(s) for labels [${names.join(', ')}], got ${got}`,
      );
    }
    return {
      labelNames: names,
      labelValues: values.map((v, i) => labelValueToString(this.name, names[i], v)),
    };
  }

  /** `nan`: NaN is a value here (a gauge's, as in Gauge.set), not a mistake. */
  protected assertNumber(
    what: string,
    value: unknown,
    labels: LabelSet,
    nan = false,
  ): asserts value is number {
    if (typeof value !== 'number' || (!nan && Number.isNaN(value))) {
      throw new MetricValueError(`${this.where(labels)}: ${what} must be a number, got ${describe(value)}`);
    }
  }

  protected assertCount(what: string, value: unknown, labels: LabelSet): asserts value is number {
    if (typeof value !== 'number' || !(value >= 0) || value === Number.POSITIVE_INFINITY) {
      throw new MetricValueError(
        `${this.where(labels)}: ${what} must be a finite number >= 0, got ${describe(value)}`,
      );
    }
  }

  /** Validates a time in milliseconds since the epoch (`what` names it in the error). */
  protected timestamp(value: unknown, labels: LabelSet, what = 'timestamp'): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new MetricValueError(
        `${this.where(labels)}: ${what} must be milliseconds since the epoch, got ${describe(value)}`,
      );
    }
    return value;
  }

  /** The family and series an error is about: `Counter "jobs" {queue="a"}`. */
  protected where(labels: LabelSet): string {
    return describeSeries(this.what, labels);
  }
}

function builderName(type: MetricType): string {
  return type === 'stateset'
    ? 'StateSetMetricFamily'
    : `${type[0].toUpperCase()}${type.slice(1)}MetricFamily`;
}
