import type { StateSetFamily } from '../model';
import { assertWellFormed, type LabelValues } from './labels';
import { type CollectFunction, Metric, type MetricConfiguration } from './metric';
import { SeriesBase } from './series';
import {
  assertDistinctWhenEscaped,
  assertStateSetName,
  describe,
  MetricConfigError,
  MetricValueError,
} from './validation';

/** What changes a series, for `seriesTtlSeconds`. */
const SERIES_UPDATES: readonly string[] = ['state'];

/** An enum's options: its states, one of which is active per series. */
export interface EnumConfiguration<T extends string, S extends string> extends MetricConfiguration<T> {
  /** Every state the enum can be in; the first is the initial one. */
  states: readonly S[];
  collect?: CollectFunction<Enum<T, S>>;
}

function unknownState(where: string, state: unknown, states: readonly string[]): MetricValueError {
  return new MetricValueError(
    `${where}: unknown state ${describe(state)} (declared states: ${states.join(', ')})`,
  );
}

/** One series of an enum: exactly one of the declared states is enabled. */
export class EnumSeries<S extends string = string> extends SeriesBase<Enum<string, S>> {
  readonly enabled: boolean[];

  constructor(metric: Enum<string, S>, labelValues: readonly string[], labelNames: readonly string[]) {
    super(metric, labelValues, labelNames);
    this.enabled = metric.states.map((_, i) => i === 0);
  }

  get states(): readonly S[] {
    return this.metric.states;
  }

  state(state: S): void {
    const index = this.states.indexOf(state);
    if (index < 0) throw unknownState(this.describeSeries('Enum'), state, this.states);
    for (let i = 0; i < this.enabled.length; i++) this.enabled[i] = i === index;
  }

  get current(): S {
    return this.states[this.enabled.indexOf(true)];
  }
}

/** Which of a fixed set of states something is in (an OpenMetrics StateSet). */
export class Enum<T extends string = string, S extends string = string> extends Metric<T, EnumSeries<S>> {
  readonly states: readonly S[];

  constructor(config: EnumConfiguration<T, S>) {
    super(config, 'stateset');
    assertStateSetName(`Enum "${this.name}"`, this.name);
    if (this.labelNames.includes(this.name as T)) {
      throw new MetricConfigError(
        `Enum "${this.name}": a label cannot share the metric's name; the state uses it`,
      );
    }
    // The state label is named after the metric: it must stay apart from the other labels when escaped too.
    assertDistinctWhenEscaped(`Enum "${this.name}"`, [this.name, ...this.labelNames]);
    const states = config.states;
    if (!Array.isArray(states) || states.length === 0) {
      throw new MetricConfigError(`Enum "${this.name}": states must be a non-empty array of strings`);
    }
    if (states.some((s) => typeof s !== 'string') || new Set(states).size !== states.length) {
      throw new MetricConfigError(`Enum "${this.name}": states must be distinct strings`);
    }
    for (const state of states) {
      // Two states that differ only in a lone surrogate would be one state in Prometheus.
      assertWellFormed(`Enum "${this.name}": state ${describe(state)}`, state, undefined, MetricConfigError);
    }
    this.states = Object.freeze([...states]);
    this.initialize();
  }

  protected createSeries(labelValues: readonly string[], labelNames: readonly string[]): EnumSeries<S> {
    return new EnumSeries<S>(this as Enum<string, S>, labelValues, labelNames);
  }

  protected override seriesUpdates(): readonly string[] {
    return SERIES_UPDATES;
  }

  protected resetSeries(series: EnumSeries<S>): void {
    series.state(this.states[0]);
  }

  state(state: S): void;
  state(labels: LabelValues<T>, state: S): void;
  state(first: S | LabelValues<T>, second?: S): void {
    if (second === undefined) {
      this.seriesFor(undefined).state(first as S);
      return;
    }
    // Checked before the series is resolved, so a rejected call creates none.
    if (!this.states.includes(second))
      throw unknownState(this.describeCall('Enum', first), second, this.states);
    this.seriesFor(first as LabelValues<T>).state(second);
  }

  protected snapshot(): StateSetFamily {
    return { name: this.name, help: this.help, type: 'stateset', points: this.series.children };
  }
}
