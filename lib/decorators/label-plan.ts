import { LabelError, MetricConfigError } from '../core';
import type { OutcomeLabel } from './instrument-spec';
import type { LabelsFrom, MetricDecoratorOptions } from './options';

/** Where each declared label's value comes from, decided once at decoration time. */
export interface LabelPlan {
  readonly labelNames: readonly string[];
  /** Static `labels` plus `class` and `method`. */
  readonly fixed: Readonly<Record<string, string>>;
  readonly outcome: { readonly exception: boolean; readonly result: boolean };
  readonly labelsFrom: LabelsFrom | undefined;
  /** `labelsFrom` declares the result parameter: it is called when the call has ended. */
  readonly labelsAtEnd: boolean;
  /** Declared labels only `labelsFrom` can give. */
  readonly fromCall: readonly string[];
}

interface PlanContext {
  metric: string;
  where: string;
  className: string;
  methodName: string;
  outcomeLabels: readonly OutcomeLabel[];
  /** Declared even when the user leaves it out (`result` of `@Counted`). */
  implied: readonly string[];
}

export function planLabels(options: MetricDecoratorOptions, ctx: PlanContext): LabelPlan {
  const fail = (what: string) => new MetricConfigError(`${ctx.where}: metric "${ctx.metric}": ${what}`);
  const staticLabels = options.labels ?? {};
  if (staticLabels === null || typeof staticLabels !== 'object') throw fail('labels must be an object');
  const declared = [...(options.labelNames ?? Object.keys(staticLabels))];
  for (const name of ctx.implied) if (!declared.includes(name)) declared.push(name);

  const fixed: Record<string, string> = {};
  for (const [name, value] of Object.entries(staticLabels)) {
    if (!declared.includes(name)) throw fail(`static label "${name}" is not in labelNames [${declared}]`);
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw fail(`static label "${name}" must be a string or number, got ${typeof value}`);
    }
    fixed[name] = String(value);
  }
  if (declared.includes('class') && !('class' in fixed)) fixed.class = ctx.className;
  if (declared.includes('method') && !('method' in fixed)) fixed.method = ctx.methodName;

  const outcome = {
    exception: declared.includes('exception') && !('exception' in fixed),
    result: declared.includes('result') && !('result' in fixed),
  };
  for (const name of ['exception', 'result'] as const) {
    if (outcome[name] && !ctx.outcomeLabels.includes(name)) {
      throw fail(`label "${name}" cannot be filled in by this decorator; give it in "labels"`);
    }
  }
  if (options.labelsFrom !== undefined && typeof options.labelsFrom !== 'function') {
    throw fail('labelsFrom must be a function (args, instance, result, error) => labels');
  }
  const labelsAtEnd = (options.labelsFrom?.length ?? 0) >= 3;
  if (labelsAtEnd && ctx.outcomeLabels.length === 0) {
    throw fail('labelsFrom cannot use the result here: this decorator picks its series when the call starts');
  }
  const fromCall = declared.filter((name) => !(name in fixed) && !outcome[name as OutcomeLabel]);
  if (fromCall.length > 0 && options.labelsFrom === undefined) {
    throw fail(
      `label "${fromCall[0]}" has no value: give it in "labels", return it from "labelsFrom", ` +
        'or use one the decorator fills in (class, method, exception, result)',
    );
  }
  return { labelNames: declared, fixed, outcome, labelsFrom: options.labelsFrom, labelsAtEnd, fromCall };
}

/** The labels of one call: fixed ones plus what `labelsFrom` returns, checked here so recording cannot fail later. */
export function callLabels(
  plan: LabelPlan,
  metric: string,
  args: unknown[],
  instance: unknown,
  result?: unknown,
  error?: unknown,
): Record<string, string> {
  if (plan.labelsFrom === undefined) return plan.fixed;
  const returned: unknown = plan.labelsFrom(args, instance, result, error);
  if (returned === null || typeof returned !== 'object') {
    throw new LabelError(`Metric "${metric}": labelsFrom must return an object, got ${typeof returned}`);
  }
  const labels: Record<string, string> = { ...plan.fixed };
  for (const [name, value] of Object.entries(returned as Record<string, unknown>)) {
    if (!plan.fromCall.includes(name) && !(name in plan.fixed)) {
      throw new LabelError(
        `Metric "${metric}": labelsFrom returned label "${name}", which is not declared in labelNames [${plan.labelNames}] or is filled in by the decorator`,
      );
    }
    labels[name] = labelText(metric, name, value);
  }
  for (const name of plan.fromCall) {
    if (labels[name] === undefined) {
      throw new LabelError(`Metric "${metric}": labelsFrom returned no value for label "${name}"`);
    }
  }
  return labels;
}

function labelText(metric: string, name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new LabelError(
    `Metric "${metric}": labelsFrom returned ${typeof value} for label "${name}"; expected a string or number`,
  );
}

/** The labels with the outcome filled in, once the call has ended. */
export function outcomeLabels(
  plan: LabelPlan,
  labels: Record<string, string>,
  failed: boolean,
  error: unknown,
): Record<string, string> {
  const out = { ...labels };
  if (plan.outcome.exception) out.exception = failed ? exceptionName(error) : 'none';
  if (plan.outcome.result) out.result = failed ? 'failure' : 'success';
  return out;
}

/** The error's class name as Micrometer reports it; for thrown primitives, their type. */
export function exceptionName(error: unknown): string {
  if (error !== null && typeof error === 'object') {
    const name = (error as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? name : 'Object';
  }
  return typeof error;
}

/** Label sets known before any call, for showing a labelled metric at zero. */
export function zeroLabelSets(
  plan: LabelPlan,
  recordsSuccess: boolean,
  recordsFailure: boolean,
): Record<string, string>[] {
  if (plan.labelNames.length === 0 || plan.fromCall.length > 0) return [];
  const sets: Record<string, string>[] = [];
  if (recordsSuccess) sets.push(outcomeLabels(plan, plan.fixed, false, undefined));
  // A failure's exception label is unknown until something is thrown.
  if (recordsFailure && !plan.outcome.exception) sets.push(outcomeLabels(plan, plan.fixed, true, undefined));
  return sets;
}
