import { assertStateSetName, describe, MetricConfigError, MetricValueError } from '../../core';
import type { StateSetPoint } from '../../model';
import { FamilyBuilder, type FamilyOptions, type LabelValueList } from './family-builder';

/** `StateSetMetricFamily`'s options. */
export interface StateSetFamilyOptions extends Omit<FamilyOptions, 'unit'> {
  /** Shortcut for one series without labels: state name to enabled. */
  value?: Record<string, boolean>;
}

/**
 * A state set family for custom collectors, as the Python client's
 * StateSetMetricFamily: one sample per state, labelled with the family name.
 */
export class StateSetMetricFamily extends FamilyBuilder<'stateset', StateSetPoint> {
  constructor(name: string, help: string, options: StateSetFamilyOptions = {}) {
    super('stateset', name, help, options);
    assertStateSetName(this.what, this.name);
    // The state is written as a label named after the family, so users may not declare that label.
    if (this.labelNames.includes(this.name)) {
      throw new MetricConfigError(`${this.what}: label name "${this.name}" is reserved for the state`);
    }
    if (options.value !== undefined) {
      this.assertValueWithoutLabels(options);
      this.addMetric([], options.value);
    }
  }

  /** Adds one series; states are written sorted by name, as the Python client does. */
  addMetric(labelValues: LabelValueList, states: Record<string, boolean>, timestamp?: number): this {
    const labels = this.labelSet(labelValues);
    if (states === null || typeof states !== 'object' || Array.isArray(states)) {
      throw new MetricValueError(
        `${this.where(labels)}: states must be an object of name to boolean, got ${describe(states)}`,
      );
    }
    const names = Object.keys(states).sort();
    for (const state of names) {
      if (typeof states[state] !== 'boolean') {
        throw new MetricValueError(
          `${this.where(labels)}: state "${state}" must be true or false, got ${describe(states[state])}`,
        );
      }
    }
    this.points.push({
      ...labels,
      states: names,
      enabled: names.map((s) => states[s]),
      timestamp: this.timestamp(timestamp, labels),
    });
    return this;
  }
}
