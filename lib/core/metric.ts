import type { MetricFamily, MetricType } from '../model';
import { assertWellFormed, type LabelValues } from './labels';
import { resolveMetricDefaults } from './metric-defaults';
import { composeMetricName } from './metric-name';
import {
  type Aggregator,
  type MetricObjectWithValues,
  type MetricValue,
  metricObjectOf,
} from './metric-object';
import { checkAggregation, type DeclaredAggregation, type MultiprocessMode } from './multiprocess-mode';
import {
  creatingWithCommonLabels,
  decideUnderPolicy,
  type PolicyDecision,
  seriesAdmission,
  silence,
} from './policy';
import type { RegisteredMetric } from './registered-metric';
import type { Registry } from './registry';
import { getDefaultRegistry } from './registry-default';
import { warnOnConsole } from './scrape/warning-logger';
import type { Series } from './series';
import { SeriesColumn } from './series-column';
import { checkTtl } from './series-expiry';
import { checkMaxSeries, DEFAULT_MAX_SERIES, OVERFLOW_COUNTER, overflowWarning } from './series-limit';
import { countSeriesRemoval } from './series-removals';
import { SeriesStore } from './series-store';
import { assertLabelNames, describe, describeSeries, MetricConfigError } from './validation';

const NO_LABELS: Record<string, unknown> = Object.freeze({});

export type {
  Aggregator,
  MetricObject,
  MetricObjectWithValues,
  MetricValue,
  PromClientExemplar,
} from './metric-object';

/** Runs at scrape time with the metric as `this`, before its values are read. */
export type CollectFunction<M> = (this: M) => void | Promise<void>;

/** Options every metric takes, as prom-client's `MetricConfiguration`. */
export interface MetricConfiguration<T extends string> {
  name: string;
  help: string;
  labelNames?: readonly T[];
  /** Registries to register with; defaults to the global `register`. `[]` registers nowhere. */
  registers?: Registry<any>[];
  /** prom-client's cluster aggregation: how this metric combines across workers (default `sum`). */
  aggregator?: Aggregator;
  /** The Python client's name for the same choice; wins over `aggregator` when both are given. */
  multiprocessMode?: MultiprocessMode;
  collect?: CollectFunction<any>;
  enableExemplars?: boolean;
  /** Python client style name parts: `namespace_subsystem_name_unit`. */
  namespace?: string;
  subsystem?: string;
  unit?: string;
  /**
   * The name OTLP pushes send the metric under, when it is an OpenTelemetry
   * metric exposed under its Prometheus name: `http.server.request.duration`
   * for `http_server_request_duration_seconds` (its unit goes as `unit`).
   * Default: the Prometheus name, as the OpenTelemetry compatibility spec maps it.
   */
  otlpName?: string;
  /**
   * The attribute names OTLP pushes send labels under, for labels named the
   * Prometheus way after an OpenTelemetry attribute: `{ http_route: 'http.route' }`.
   */
  otlpAttributeNames?: Readonly<Record<string, string>>;
  /**
   * A call that leaves out a declared label throws instead of creating a
   * series without it. Off by default, as in prom-client; a registry can
   * change the default (`new Registry(type, { strictLabels: true })`).
   */
  strictLabels?: boolean;
  /**
   * Label sets stored at most (default 2000, OpenTelemetry's limit, or the
   * registry's `maxSeriesPerMetric`; Infinity for none). Past it, calls with
   * new label sets are recorded in one series labelled `promkit_overflow="true"`
   * and counted in `promkit_series_overflow_total`.
   */
  maxSeries?: number;
  /**
   * Drop a labelled series not updated for this many seconds (checked at each
   * scrape): for label values that come and go, such as devices or tenants.
   * A dropped series the app still holds (from `labels()`) comes back on its
   * next update.
   */
  seriesTtlSeconds?: number;
}

/** An OTLP name is any non-empty, well-formed string: OpenTelemetry names are not Prometheus names. */
function checkOtlpName(metric: string, otlpName: unknown, option = 'otlpName'): string | undefined {
  if (otlpName === undefined) return undefined;
  if (typeof otlpName !== 'string' || otlpName === '') {
    throw new MetricConfigError(
      `Metric "${metric}": ${option} must be a non-empty string, got ${describe(otlpName)}`,
    );
  }
  assertWellFormed(`Metric "${metric}": ${option}`, otlpName, undefined, MetricConfigError);
  return otlpName;
}

/** Attribute names for declared labels only, each a non-empty string. */
function checkOtlpAttributeNames(
  metric: string,
  labelNames: readonly string[],
  names: unknown,
): Readonly<Record<string, string>> | undefined {
  if (names === undefined) return undefined;
  if (names === null || typeof names !== 'object' || Array.isArray(names)) {
    throw new MetricConfigError(
      `Metric "${metric}": otlpAttributeNames must be an object, got ${describe(names)}`,
    );
  }
  for (const [label, attribute] of Object.entries(names)) {
    if (!labelNames.includes(label)) {
      throw new MetricConfigError(
        `Metric "${metric}": otlpAttributeNames names "${label}", which is not one of its labels`,
      );
    }
    checkOtlpName(metric, attribute, `otlpAttributeNames.${label}`);
  }
  return { ...names } as Record<string, string>;
}

/** The decision of the policy of the first of a metric's registries that has one. */
function policyDecisionFor(
  registers: unknown,
  declaredName: string,
  type: MetricType,
  config: object,
): PolicyDecision | undefined {
  const registries = registers === undefined ? [getDefaultRegistry()] : registers;
  if (!Array.isArray(registries)) return undefined;
  const policy = registries.find((r) => r?.policy !== undefined)?.policy;
  return policy === undefined ? undefined : decideUnderPolicy(policy, declaredName, type, config);
}

/**
 * What all metric types share: the name, label schema, series storage,
 * registration and the scrape hook. Subclasses define the series (child) type.
 */
export abstract class Metric<T extends string, C extends Series> implements RegisteredMetric {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly T[];
  readonly unit: string | undefined;
  /** The name OTLP pushes send (see `MetricConfiguration.otlpName`); undefined for the Prometheus name. */
  readonly otlpName: string | undefined;
  /** The labels' OTLP attribute names (see `MetricConfiguration.otlpAttributeNames`). */
  readonly otlpAttributeNames: Readonly<Record<string, string>> | undefined;
  readonly aggregator: Aggregator;
  /** `aggregator` and `multiprocessMode` as configured (absent when left out), for multi-process views. */
  readonly aggregation: DeclaredAggregation;
  readonly enableExemplars: boolean;
  protected readonly series: SeriesStore<C>;
  /**
   * The label values and numbers of the series its store holds, read and written by the series themselves.
   * @internal
   */
  readonly seriesColumn: SeriesColumn;
  /** The one series of a metric without labels; created up front so it is exposed at zero. */
  protected unlabelled: C | undefined;
  private readonly collectFn: CollectFunction<any> | undefined;
  private readonly registries: Registry<any>[];
  private overflowed = false;
  /** What the policy of its registries decided when it was declared; none without a policy. */
  private readonly policyDecision: PolicyDecision | undefined;

  protected constructor(
    config: MetricConfiguration<T>,
    readonly type: MetricType,
    reservedLabels: readonly string[] = [],
  ) {
    if (config === null || typeof config !== 'object') {
      throw new MetricConfigError(`Metric configuration must be an object, got ${describe(config)}`);
    }
    const declaredName = composeMetricName(config);
    this.policyDecision = policyDecisionFor(config.registers, declaredName, type, config);
    this.name = this.policyDecision?.name ?? declaredName;
    if (typeof config.help !== 'string' || config.help === '') {
      throw new MetricConfigError(`Metric "${this.name}": help is required (a non-empty string)`);
    }
    assertWellFormed(`Metric "${this.name}": help`, config.help, undefined, MetricConfigError);
    this.help = config.help;
    this.unit = config.unit || undefined;
    this.otlpName = checkOtlpName(this.name, config.otlpName);
    this.labelNames = assertLabelNames(this.name, config.labelNames, reservedLabels) as readonly T[];
    this.otlpAttributeNames = checkOtlpAttributeNames(this.name, this.labelNames, config.otlpAttributeNames);
    this.aggregation = checkAggregation(this.name, config);
    this.aggregator = config.aggregator ?? 'sum';
    this.enableExemplars = config.enableExemplars === true;
    if (config.collect !== undefined && typeof config.collect !== 'function') {
      throw new MetricConfigError(`Metric "${this.name}": collect must be a function`);
    }
    this.collectFn = config.collect;
    const registries = config.registers ?? [getDefaultRegistry()];
    if (!Array.isArray(registries)) {
      throw new MetricConfigError(`Metric "${this.name}": registers must be an array of registries`);
    }
    this.registries = registries;
    if (config.maxSeries !== undefined) checkMaxSeries(`Metric "${this.name}": maxSeries`, config.maxSeries);
    const { strict, maxSeries } = resolveMetricDefaults(config, registries, DEFAULT_MAX_SERIES);
    this.seriesColumn = new SeriesColumn(this.labelNames.length);
    this.series = new SeriesStore<C>({
      column: this.seriesColumn,
      metric: this.name,
      labelNames: this.labelNames,
      create: creatingWithCommonLabels(this.policyDecision?.commonLabels, this, (values, names) =>
        this.createSeries(values, names),
      ),
      strict,
      maxSeries,
      onOverflow: () => this.overflow(maxSeries),
      admit: this.policyDecision && seriesAdmission(this.labelNames, this.policyDecision.labelRules),
      ttl:
        config.seriesTtlSeconds === undefined
          ? undefined
          : { seconds: checkTtl(this.name, config.seriesTtlSeconds), updates: this.seriesUpdates() },
    });
  }

  /** Counted in each of its registries; told once, through its first registry's warning logger. */
  private overflow(maxSeries: number): void {
    for (const registry of this.registries) registry.scrapeState.count(OVERFLOW_COUNTER, this.name);
    if (this.overflowed) return;
    this.overflowed = true;
    (this.registries[0]?.scrapeState.warn ?? warnOnConsole)(overflowWarning(this.name, maxSeries));
  }

  /**
   * Called by each subclass at the end of its constructor, once its own
   * configuration is validated, so a rejected configuration registers nothing.
   */
  protected initialize(): void {
    if (this.policyDecision?.denied) {
      silence(this);
      return;
    }
    if (this.labelNames.length === 0) this.unlabelled = this.series.resolve([]);
    for (const registry of this.registries) registry.registerMetric(this);
  }

  /**
   * The configuration with the policy's distribution settings applied: what a
   * subclass reads its buckets, native settings or percentiles from.
   */
  protected configured<K extends object>(declared: K): K {
    return (this.policyDecision?.config ?? declared) as K;
  }

  /** The names of the series' methods that change it: each counts as an update for `seriesTtlSeconds`. */
  protected seriesUpdates(): readonly string[] {
    return [];
  }

  /** A series for these values; `labelNames` are the metric's own, or the subset a partial label set shows. */
  protected abstract createSeries(labelValues: readonly string[], labelNames: readonly string[]): C;

  /** The family name in the data model (a counter's without `_total`). */
  get familyName(): string {
    return this.name;
  }

  /** The series for these label values, created on first use and cached. */
  labels(...values: Array<string | number>): C;
  labels(labels: LabelValues<T>): C;
  labels(...args: unknown[]): C {
    if (args.length === 1 && args[0] !== null && typeof args[0] === 'object') {
      return this.series.fromObject(args[0] as Record<string, unknown>);
    }
    return this.series.fromPositional(args);
  }

  /** Drops one series; it disappears from the exposition until used again. */
  remove(...values: Array<string | number>): void;
  remove(labels: LabelValues<T>): void;
  remove(...args: unknown[]): void {
    const values =
      args.length === 1 && args[0] !== null && typeof args[0] === 'object'
        ? this.series.labelValuesOf(args[0])
        : this.series.labelValuesOf(args);
    if (this.series.remove(values)) countSeriesRemoval();
  }

  /** Removes every labelled series and zeroes the unlabelled one. */
  reset(): void {
    if (this.unlabelled) {
      this.resetSeries(this.unlabelled);
      return;
    }
    this.series.clear();
    countSeriesRemoval();
  }

  protected abstract resetSeries(series: C): void;

  /** The series for a `labels` argument: the unlabelled one when there are no labels. */
  protected seriesFor(labels: Record<string, unknown> | undefined): C {
    if (labels === undefined) {
      if (this.unlabelled) return this.unlabelled;
      return this.series.fromObject(NO_LABELS);
    }
    return this.series.fromObject(labels);
  }

  /**
   * `Counter "jobs_total" {queue="a"}` for a call rejected before its series
   * is resolved (so none is created); a bad labels argument is reported first.
   */
  protected describeCall(kind: string, labels: unknown): string {
    const what = `${kind} "${this.name}"`;
    if (labels === undefined) return what;
    const values = this.series.labelValuesOf(labels);
    const shown = values.flatMap((v, i) => (v === undefined ? [] : [i]));
    return describeSeries(what, {
      labelNames: shown.map((i) => this.labelNames[i]),
      labelValues: shown.map((i) => values[i] as string),
    });
  }

  /** The series a timer records into: prom-client lets labels be given at start, at end, or both. */
  protected timerSeries(
    start: Partial<LabelValues<T>> | undefined,
    end: Partial<LabelValues<T>> | undefined,
  ): C {
    const labels = end === undefined ? start : start === undefined ? end : { ...start, ...end };
    return this.seriesFor(labels as Record<string, unknown> | undefined);
  }

  /** Synchronous unless the user's `collect` hook is async, so plain scrapes await nothing. */
  collect(): MetricFamily[] | Promise<MetricFamily[]> {
    const pending = this.collectFn?.call(this);
    if (pending && typeof pending.then === 'function') return pending.then(() => [this.sweptSnapshot()]);
    return [this.sweptSnapshot()];
  }

  /** After the `collect` hook, so what it updates counts as updated. */
  private sweptSnapshot(): MetricFamily {
    this.series.sweep(Date.now());
    return this.snapshot();
  }

  describe(): readonly string[] {
    return [this.familyName];
  }

  /** The current family; series objects are handed out as points without copying. */
  protected abstract snapshot(): MetricFamily;

  /**
   * The current family without running the `collect` hook, synchronously: for
   * reads that cannot wait, such as a last snapshot while the process exits.
   */
  currentFamily(): MetricFamily {
    return this.snapshot();
  }

  /** prom-client's `get()`: the metric and its samples as plain objects, read from its family. */
  async get(): Promise<MetricObjectWithValues<MetricValue<T>>> {
    if (this.collectFn) await this.collectFn.call(this);
    this.series.sweep(Date.now());
    return metricObjectOf(this.snapshot(), this.name, this.aggregator);
  }
}
