import {
  claimMetric,
  type InstrumentationRuntime,
  type MetricClaim,
  MetricConfigError,
  type MetricDeclaration,
  Registry,
  type RegistryFollower,
} from '../core';
import { BoundMetric } from './bound-metric';
import { classNameOf, looksMinified } from './class-name';
import type { AnyMetric, DeclarationBase, DecoratorName, InstrumentSpec } from './instrument-spec';
import { InstrumentedCall } from './instrumented-call';
import { callLabels, type LabelPlan, planLabels, zeroLabelSets } from './label-plan';
import type { MetricDefinition } from './metric-definition';
import { defaultMetricName, methodLabel } from './naming';
import { ResultLabelledCall } from './result-labelled-call';

/**
 * One decorator on one method: its definition (recorded as metadata), the
 * metric it holds in the registry it records into, and the per-call entry.
 */
export class DecoratedMetric implements MetricDefinition, RegistryFollower {
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
  private declaration: MetricDeclaration | undefined;
  private claim: MetricClaim | undefined;
  private companionClaims: MetricClaim[] = [];
  private base: DeclarationBase | undefined;
  private bound: BoundMetric | undefined;
  /**
   * The binding while the labels never vary: a call that ends before the
   * method returns is then measured with no object of its own.
   */
  fixedBinding: BoundMetric | undefined;

  constructor(
    private readonly spec: InstrumentSpec,
    methodName: string,
    private readonly runtime: InstrumentationRuntime,
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

  /** What the spec wraps around the measured method, if anything. */
  get around(): ((measured: Function) => Function) | undefined {
    return this.spec.around;
  }

  get metric(): AnyMetric | undefined {
    return this.bound?.metric;
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
    const name = spec.options.name ?? defaultMetricName(className, this.methodName, spec.nameSuffix);
    const plan = planLabels(spec.options, {
      metric: name,
      where: this.where,
      className,
      methodName: this.methodName,
      outcomeLabels: spec.outcomeLabels,
      implied: spec.decorator === 'Counted' ? ['result'] : [],
    });
    const help = spec.options.help ?? spec.defaultHelp(methodLabel(className, this.methodName));
    this.base = { name, help, labelNames: plan.labelNames };
    this.declaration = spec.declare(this.base);
    this.plan = plan;
    if (this.registry) this.attach(this.registry);
    else this.runtime.follow(this);
    const metric = this.bound!.metric as AnyMetric & { upperBounds?: number[]; percentiles?: number[] };
    this.name = metric.name;
    this.help = help;
    this.type = metric.type as MetricDefinition['type'];
    this.labelNames = plan.labelNames;
    this.labels = plan.fixed;
    this.buckets = metric.upperBounds;
    this.percentiles = metric.percentiles;
    if (looksMinified(className) && (spec.options.name === undefined || plan.fixed.class === className)) {
      this.warnWhenStillMinified(className);
    }
  }

  /** `@MetricClassName` on the class: declared again under that name (legacy decorators ran first). */
  renameClass(className: string): void {
    if (!this.plan || this.className === className) return;
    this.detach();
    this.plan = undefined;
    this.declaration = undefined;
    this.declare(className);
  }

  /** After the class's own decorators have run, so a `@MetricClassName` below the methods counts. */
  private warnWhenStillMinified(className: string): void {
    queueMicrotask(() => {
      if (this.className !== className) return;
      this.runtime.failures.warnOnce(
        `minified:${className}`,
        `promkit: metric names of class "${className}" (such as "${this.name}", from ${this.where}) are derived from a class name that looks minified, so they change with every build; ` +
          `give the class that declares ${this.methodName}() its real name with @MetricClassName('<its real name>'), or each of its decorators a name`,
      );
    });
  }

  attach(registry: Registry<any>): void {
    const { plan, declaration } = this;
    if (!plan || !declaration) throw new MetricConfigError(`${this.where}: bound before it was declared`);
    const claim = claimMetric(registry, declaration, this.where);
    const { metric } = claim;
    this.companionClaims = this.claimCompanions(registry, claim);
    for (const labels of zeroLabelSets(plan, this.spec.recordsSuccess, this.spec.recordsFailure)) {
      metric.labels(labels);
    }
    const labelsNeverVary = !plan.labelsFrom && !plan.outcome.exception && !plan.outcome.result;
    this.claim = claim;
    const fixedSeries = labelsNeverVary ? metric.labels(plan.fixed) : undefined;
    const companions = this.companionClaims.map((held) => held.metric as AnyMetric);
    this.bound = new BoundMetric(this.spec, plan, metric, fixedSeries, this.runtime.failures, companions);
    this.fixedBinding = labelsNeverVary ? this.bound : undefined;
  }

  /** All or none: a companion that conflicts lets go of what was claimed before it. */
  private claimCompanions(registry: Registry<any>, claim: MetricClaim): MetricClaim[] {
    const declarations = this.spec.companions?.(this.base!, claim.metric.name) ?? [];
    const claims: MetricClaim[] = [];
    try {
      for (const declaration of declarations) claims.push(claimMetric(registry, declaration, this.where));
    } catch (error) {
      for (const held of [claim, ...claims]) held.release();
      throw error;
    }
    return claims;
  }

  detach(): void {
    for (const held of this.companionClaims.splice(0)) held.release();
    this.claim?.release();
    this.claim = undefined;
    this.bound = undefined;
    this.fixedBinding = undefined;
  }

  /** Starts measuring one call; `undefined` (after reporting why) when it cannot be measured. */
  startCall(instance: unknown, args: ArrayLike<unknown>): InstrumentedCall | undefined {
    const bound = this.bound;
    if (bound === undefined) return this.startLateCall(instance, args);
    const { plan } = bound;
    if (!plan.labelsFrom) return InstrumentedCall.start(bound, plan.fixed);
    if (plan.labelsAtEnd) return ResultLabelledCall.startWith(bound, Array.from(args), instance);
    try {
      return InstrumentedCall.start(bound, callLabels(plan, this.name, Array.from(args), instance));
    } catch (error) {
      bound.report(error);
      return undefined;
    }
  }

  /** Standard (TC39) decorators learn the class name late; a call before that declares the metric. */
  private startLateCall(instance: unknown, args: ArrayLike<unknown>): InstrumentedCall | undefined {
    if (this.plan) return undefined;
    try {
      this.declare(classNameOf(instance));
    } catch (error) {
      this.runtime.failures.report(this.name || this.methodName, error);
      return undefined;
    }
    return this.startCall(instance, args);
  }
}
