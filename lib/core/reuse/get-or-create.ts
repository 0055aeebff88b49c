import { classicBounds } from '../histogram';
import { composeMetricName } from '../metric-name';
import { describeNativeConfig, type NativeHistogramConfig, resolveNativeOptions } from '../native-histogram';
import { decideUnderPolicy } from '../policy';
import type { RegisteredMetric } from '../registered-metric';
import type { Registry } from '../registry';
import { checkPercentiles } from '../summary';
import { differenceFromRegistered, MetricConfigError } from '../validation';
import {
  createDeclaredMetric,
  DECLARATION_TYPES,
  METRIC_TYPE_OF,
  type MetricDeclaration,
  type MetricFor,
} from './metric-declaration';

/**
 * A second declaration of a metric name that does not match the first: the
 * message names both declarations and what differs (as client_golang's
 * AlreadyRegisteredError does, callers never get a lookalike metric).
 */
export class MetricConflictError extends MetricConfigError {
  override name = 'MetricConflictError';

  constructor(
    message: string,
    /** The metric registered first, which stays as it was. */
    readonly existing: RegisteredMetric,
  ) {
    super(message);
  }
}

/** Who declared a metric through this rule, and how many claims still hold it. */
interface Declared {
  readonly declaredBy: string;
  claims: number;
  /** Obtained by `getOrCreateMetric`, which never lets go. */
  kept: boolean;
}

const declared = new WeakMap<RegisteredMetric, Declared>();

/**
 * The one rule for a metric declared twice: the metric already registered in
 * `registry` under the declared name when type, label names, buckets,
 * percentiles and states agree; a new one, registered, when the name is free;
 * otherwise a MetricConflictError naming both declarations. Errors name
 * `declaredBy` (`@Timed on OrdersService.find`, `MetricsModule.forFeature`...).
 */
export function getOrCreateMetric<const D extends MetricDeclaration<any>>(
  registry: Registry<any>,
  declaration: D,
  declaredBy: string,
): MetricFor<D> {
  const metric = obtain(registry, declaration, declaredBy);
  declared.get(metric)!.kept = true;
  return metric as MetricFor<D>;
}

/** A metric held while its holder lives (an app, a decorated method's binding). */
export interface MetricClaim<M = RegisteredMetric> {
  readonly metric: M;
  /** Lets go; the last claim on a metric it created unregisters it. Safe to call twice. */
  release(): void;
}

/**
 * `getOrCreateMetric` for code that comes and goes: when every claim on a
 * metric created this way is released, the metric leaves the registry, so an
 * app created again starts from zero rather than from the closed app's counts.
 * A metric other code registered is shared but never removed.
 */
export function claimMetric<const D extends MetricDeclaration<any>>(
  registry: Registry<any>,
  declaration: D,
  declaredBy: string,
): MetricClaim<MetricFor<D>> {
  const metric = obtain(registry, declaration, declaredBy);
  const record = declared.get(metric)!;
  record.claims++;
  let released = false;
  return {
    metric: metric as MetricFor<D>,
    release() {
      if (released) return;
      released = true;
      if (--record.claims > 0 || record.kept) return;
      if (registry.getSingleMetric(metric.name) === metric) registry.removeSingleMetric(metric.name);
    },
  };
}

function obtain(
  registry: Registry<any>,
  declaration: MetricDeclaration,
  declaredBy: string,
): RegisteredMetric {
  const fail = (error: unknown) =>
    error instanceof MetricConfigError ? new MetricConfigError(`${declaredBy}: ${error.message}`) : error;
  if (!DECLARATION_TYPES.includes(declaration?.type)) {
    throw new MetricConfigError(
      `${declaredBy}: metric "${declaration?.name}" has unknown type "${declaration?.type}" (expected ${DECLARATION_TYPES.join(', ')})`,
    );
  }
  let declaredName: string;
  try {
    declaredName = composeMetricName(declaration);
  } catch (error) {
    throw fail(error);
  }
  // Compared as the registry's policy makes it: renamed, with its distribution settings.
  const policy = registry.policy;
  const decision =
    policy && decideUnderPolicy(policy, declaredName, METRIC_TYPE_OF[declaration.type], declaration);
  const name = decision?.name ?? declaredName;
  const existing = registry.getSingleMetric(name);
  if (existing === undefined) {
    try {
      const metric = createDeclaredMetric(declaration, [registry]);
      declared.set(metric, { declaredBy, claims: 0, kept: false });
      return metric;
    } catch (error) {
      throw fail(error);
    }
  }
  const difference = differenceOf(existing, (decision?.config ?? declaration) as MetricDeclaration, name);
  if (difference !== undefined) {
    const other = declared.get(existing)?.declaredBy ?? 'other code';
    throw new MetricConflictError(
      `${declaredBy}: metric "${name}" is already registered by ${other} ${differenceFromRegistered(difference.theirs, difference.ours)}`,
      existing,
    );
  }
  if (!declared.has(existing)) declared.set(existing, { declaredBy: 'other code', claims: 0, kept: true });
  return existing;
}

type Shape = [setting: string, value: string][];

type DeclarationOf<T extends MetricDeclaration['type']> = Extract<MetricDeclaration, { readonly type: T }>;

/** The settings of each declared type, besides its type and label names, that a second declaration must repeat. */
const TYPE_SETTINGS: {
  readonly [T in MetricDeclaration['type']]?: (declaration: DeclarationOf<T>, name: string) => Shape;
} = {
  histogram(declaration, name) {
    const native = resolveNativeOptions(name, declaration.native);
    return [
      ['buckets', list(classicBounds(name, declaration, native))],
      ['native', describeNativeConfig(native)],
    ];
  },
  summary: (declaration, name) => [['percentiles', list(checkPercentiles(name, declaration.percentiles))]],
  enum: (declaration) => [['states', list(declaration.states ?? [])]],
};

/** What must agree for two declarations to share a metric, in the order a difference is reported. */
function declaredShape(declaration: MetricDeclaration, name: string): Shape {
  const settings = TYPE_SETTINGS[declaration.type] as
    | ((declaration: MetricDeclaration, name: string) => Shape)
    | undefined;
  return [
    ['type', METRIC_TYPE_OF[declaration.type]],
    ['labelNames', labelList(declaration.labelNames ?? [])],
    ...(settings?.(declaration, name) ?? []),
  ];
}

function registeredShape(metric: RegisteredMetric): Map<string, string> {
  const settings = metric as {
    upperBounds?: readonly number[];
    nativeConfig?: NativeHistogramConfig;
    percentiles?: readonly number[];
    states?: readonly string[];
  };
  const shape = new Map([
    ['type', metric.type as string],
    ['labelNames', labelList(metric.labelNames)],
  ]);
  if (settings.upperBounds) {
    shape.set('buckets', list(settings.upperBounds));
    shape.set('native', describeNativeConfig(settings.nativeConfig));
  }
  if (settings.percentiles) shape.set('percentiles', list(settings.percentiles));
  if (settings.states) shape.set('states', list(settings.states));
  return shape;
}

function differenceOf(
  existing: RegisteredMetric,
  declaration: MetricDeclaration,
  name: string,
): { theirs: string; ours: string } | undefined {
  const theirs = registeredShape(existing);
  for (const [setting, ours] of declaredShape(declaration, name)) {
    const value = theirs.get(setting);
    if (value !== ours) return { theirs: `${setting} ${value ?? '(none)'}`, ours: `${setting} ${ours}` };
  }
  return undefined;
}

/** Label names compare as a set: their order does not change the series. */
function labelList(names: readonly string[]): string {
  return `[${[...names].sort().join(', ')}]`;
}

function list(values: readonly (number | string)[]): string {
  return `[${values.join(',')}]`;
}
