import type { GaugePoint } from '../../model';
import { FamilyBuilder, type FamilyOptions, type LabelValueList } from './family-builder';

/** `GaugeMetricFamily`'s and `UnknownMetricFamily`'s options. */
export interface ValueFamilyOptions extends FamilyOptions {
  /** Shortcut for one series without labels. */
  value?: number;
}

/** Gauge and unknown families: one plain number per series, any value allowed (NaN and ±Inf included). */
abstract class ValueFamily<T extends 'gauge' | 'unknown'> extends FamilyBuilder<T, GaugePoint> {
  protected constructor(type: T, name: string, help: string, options: ValueFamilyOptions) {
    super(type, name, help, options);
    if (options.value !== undefined) {
      this.assertValueWithoutLabels(options);
      this.addMetric([], options.value);
    }
  }

  /** Adds one series; `timestamp` is in milliseconds since the epoch. */
  addMetric(labelValues: LabelValueList, value: number, timestamp?: number): this {
    const labels = this.labelSet(labelValues);
    this.assertNumber('value', value, labels, true);
    this.points.push({ ...labels, value, timestamp: this.timestamp(timestamp, labels) });
    return this;
  }
}

/** A gauge family for custom collectors, as the Python client's GaugeMetricFamily. */
export class GaugeMetricFamily extends ValueFamily<'gauge'> {
  constructor(name: string, help: string, options: ValueFamilyOptions = {}) {
    super('gauge', name, help, options);
  }
}

/** An untyped family (`unknown` in OpenMetrics, `untyped` in text), as the Python client's UnknownMetricFamily. */
export class UnknownMetricFamily extends ValueFamily<'unknown'> {
  constructor(name: string, help: string, options: ValueFamilyOptions = {}) {
    super('unknown', name, help, options);
  }
}
