import { MetricConfigError, Registry } from '../core';
import type { AnyMetric, DecoratorName, InstrumentSpec } from './instrument-spec';
import { reportInstrumentationFailure } from './instrumentation-errors';
import { type BoundMetric, InstrumentedCall } from './instrumented-call';
import { callLabels, type LabelPlan, planLabels, zeroLabelSets } from './label-plan';
import type { MetricDefinition } from './metric-definition';
import { defaultMetricName, methodLabel } from './naming';
import { type Bindable, obtainMetric, placeMetric, releaseMetric } from './registry-binding';

interface Binding extends BoundMetric {
  readonly registry: Registry;
}

/**
 * One decorator on one method: its definition (recorded as metadata), the
 * metric it writes to in the registry it is bound to, and the per-call entry.
 */
export class DecoratedMetric implements MetricDefinition, Bindable {
  readonly decorator: DecoratorName;
  readonly registry: Registry | undefined;
  readonly methodName: string;
  type: MetricDefinition['type'] = 'counter';
  name = '';
  help = '';
  labelNames: readonly string[] = [];
  labels: Readonly<Record<string, string>> = {};
  buckets: readonly number[] | undefined;
  percentiles: readonly number[] | undefined;
  className = '';
  private plan: LabelPlan | undefined;
  private template: AnyMetric | undefined;
  private binding: Binding | undefined;

  constructor(
    private readonly spec: InstrumentSpec,
    methodName: string,
  ) {
    this.decorator = spec.decorator;
    this.methodName = methodName;
    const { registry } = spec.options;
    if (registry !== undefined && !(registry instanceof Registry)) {
      throw new MetricConfigError(`@${this.decorator} on ${methodName}: registry must be a Registry`);
    }
    this.registry = registry;
  }

  private get where(): string {
    return `@${this.decorator} on ${methodLabel(this.className, this.methodName)}`;
  }

  /**
   * Completes the definition once the class name is known, validates it and
   * registers the metric at zero: a bad or conflicting definition fails here,
   * at startup, not on the first call.
   */
  declare(className: string): void {
    if (this.plan) return;
    const { spec } = this;
    this.className = className;
    const method = methodLabel(className, this.methodName);
    const name = spec.options.name ?? defaultMetricName(className, this.methodName, spec.nameSuffix);
    const plan = planLabels(spec.options, {
      metric: name,
      where: this.where,
      className,
      methodName: this.methodName,
      outcomeLabels: spec.outcomeLabels,
      implied: spec.decorator === 'Counted' ? ['result'] : [],
    });
    const help = spec.options.help ?? spec.defaultHelp(method);
    const template = this.create(name, help, plan, []);
    this.name = template.name;
    this.help = help;
    this.type = template.type as MetricDefinition['type'];
    this.labelNames = plan.labelNames;
    this.labels = plan.fixed;
    this.buckets = (template as { upperBounds?: readonly number[] }).upperBounds;
    this.percentiles = (template as { percentiles?: readonly number[] }).percentiles;
    this.template = template;
    this.plan = plan;
    placeMetric(this);
  }

  bindTo(registry: Registry): AnyMetric {
    const { plan, template, binding } = this;
    if (!plan || !template) throw new MetricConfigError(`${this.where}: bound before it was declared`);
    if (binding?.registry === registry) return binding.metric;
    const metric = obtainMetric(registry, template, this.where, (r) =>
      this.create(this.name, this.help, plan, [r]),
    );
    for (const labels of zeroLabelSets(plan, this.spec.recordsSuccess, this.spec.recordsFailure)) {
      metric.labels(labels);
    }
    const labelsNeverVary = !plan.labelsFrom && !plan.outcome.exception && !plan.outcome.result;
    this.binding = { registry, metric, fixedSeries: labelsNeverVary ? metric.labels(plan.fixed) : undefined };
    if (binding) releaseMetric(binding.registry, binding.metric);
    return metric;
  }

  /** Starts measuring one call; `undefined` (after reporting why) when it cannot be measured. */
  startCall(instance: unknown, args: ArrayLike<unknown>): InstrumentedCall | undefined {
    const { binding, plan } = this;
    if (!binding || !plan) return this.startLateCall(instance, args);
    if (!plan.labelsFrom) return new InstrumentedCall(this.spec, plan, binding, plan.fixed);
    try {
      const labels = callLabels(plan, this.name, Array.from(args), instance);
      return new InstrumentedCall(this.spec, plan, binding, labels);
    } catch (error) {
      reportInstrumentationFailure(this.name, error);
      return undefined;
    }
  }

  /** Standard (TC39) decorators learn the class name late; a call before that declares the metric. */
  private startLateCall(instance: unknown, args: ArrayLike<unknown>): InstrumentedCall | undefined {
    try {
      this.declare(classNameOf(instance));
    } catch (error) {
      reportInstrumentationFailure(this.name || this.methodName, error);
      return undefined;
    }
    return this.binding ? this.startCall(instance, args) : undefined;
  }

  private create(name: string, help: string, plan: LabelPlan, registers: Registry[]): AnyMetric {
    try {
      return this.spec.createMetric({ name, help, labelNames: plan.labelNames, registers });
    } catch (error) {
      throw error instanceof Error ? new MetricConfigError(`${this.where}: ${error.message}`) : error;
    }
  }
}

/** The class a method was called on: an instance's constructor, or the class itself for statics. */
export function classNameOf(instance: unknown): string {
  if (typeof instance === 'function') return instance.name;
  if (instance !== null && typeof instance === 'object') return instance.constructor?.name ?? '';
  return '';
}
