import { assertLabelNames, describe, MetricValueError } from '../../core';
import { familyNameOf, type InfoPoint } from '../../model';
import { FamilyBuilder, type FamilyOptions, type LabelValueList } from './family-builder';

/** `InfoMetricFamily`'s options. */
export interface InfoFamilyOptions extends Omit<FamilyOptions, 'unit'> {
  /** Shortcut for one series without labels: the info key/value pairs. */
  value?: Record<string, string>;
}

/**
 * An info family for custom collectors, as the Python client's
 * InfoMetricFamily: each series is `name_info{labels..., info pairs...} 1`.
 * A name ending in `_info` is accepted and the suffix stripped.
 */
export class InfoMetricFamily extends FamilyBuilder<'info', InfoPoint> {
  constructor(name: string, help: string, options: InfoFamilyOptions = {}) {
    super('info', typeof name === 'string' ? familyNameOf('info', name) : name, help, options);
    if (options.value !== undefined) {
      this.assertValueWithoutLabels(options);
      this.addMetric([], options.value);
    }
  }

  /** Adds one series whose labels are `labelValues` plus the `info` pairs; `timestamp` in ms since the epoch. */
  addMetric(labelValues: LabelValueList, info: Record<string, string>, timestamp?: number): this {
    const labels = this.labelSet(labelValues);
    if (info === null || typeof info !== 'object' || Array.isArray(info)) {
      throw new MetricValueError(
        `${this.where(labels)}: info must be an object of label pairs, got ${describe(info)}`,
      );
    }
    // Validated together so an info key repeating a declared label name is reported as declared twice.
    const names = assertLabelNames(this.name, [...labels.labelNames, ...Object.keys(info)]);
    const values = [...labels.labelValues, ...Object.values(info).map(String)];
    this.points.push({
      labelNames: names,
      labelValues: values,
      timestamp: this.timestamp(timestamp, labels),
    });
    return this;
  }
}
