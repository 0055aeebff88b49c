import type { MetricDefinition } from './metric-definition';

/** reflect-metadata key under which decorated methods list what they measure. */
export const METRIC_DEFINITIONS_METADATA = 'promkit:metric-definitions';

interface ReflectMetadataApi {
  defineMetadata(key: unknown, value: unknown, target: object): void;
  getOwnMetadata(key: unknown, target: object): unknown;
  getOwnMetadataKeys(target: object): unknown[];
}

/** reflect-metadata when the app loaded it (Nest does); the decorators also work without it. */
function reflectMetadata(): ReflectMetadataApi | undefined {
  const api = Reflect as unknown as Partial<ReflectMetadataApi>;
  return typeof api.defineMetadata === 'function' && typeof api.getOwnMetadataKeys === 'function'
    ? (api as ReflectMetadataApi)
    : undefined;
}

const withoutReflectMetadata = new WeakMap<Function, readonly MetricDefinition[]>();

/** Every definition on this very function, including standard-decorator ones not declared yet. */
export function definitionsOn(fn: Function): readonly MetricDefinition[] {
  const api = reflectMetadata();
  const stored = api ? api.getOwnMetadata(METRIC_DEFINITIONS_METADATA, fn) : withoutReflectMetadata.get(fn);
  return (stored as readonly MetricDefinition[] | undefined) ?? [];
}

export function addDefinition(fn: Function, definition: MetricDefinition): void {
  const definitions = [...definitionsOn(fn), definition];
  const api = reflectMetadata();
  if (api) api.defineMetadata(METRIC_DEFINITIONS_METADATA, definitions, fn);
  else withoutReflectMetadata.set(fn, definitions);
}

/**
 * Makes `wrapper` carry everything other decorators attached to `original`:
 * reflect-metadata (Nest routes, Swagger, event handlers...) and own properties.
 */
export function copyFunctionMetadata(original: Function, wrapper: Function): void {
  for (const key of Reflect.ownKeys(original)) {
    if (key === 'length' || key === 'name' || key === 'prototype' || key === 'arguments' || key === 'caller')
      continue;
    Object.defineProperty(wrapper, key, Object.getOwnPropertyDescriptor(original, key)!);
  }
  const api = reflectMetadata();
  if (api) {
    for (const key of api.getOwnMetadataKeys(original)) {
      api.defineMetadata(key, api.getOwnMetadata(key, original), wrapper);
    }
  } else if (withoutReflectMetadata.has(original)) {
    withoutReflectMetadata.set(wrapper, withoutReflectMetadata.get(original)!);
  }
}

/**
 * What the decorators on `target[methodName]` measure. `target` may be a
 * class, its prototype or an instance; without `methodName`, `target` is the
 * method itself.
 */
export function getMetricDefinitions(target: unknown, methodName?: string | symbol): MetricDefinition[] {
  const method = methodOf(target, methodName);
  if (typeof method !== 'function') return [];
  return definitionsOn(method).filter((definition) => definition.name !== '');
}

function methodOf(target: unknown, methodName: string | symbol | undefined): unknown {
  if (methodName === undefined) return target;
  if (target === null || target === undefined) return undefined;
  const holder = typeof target === 'function' ? (target as Function).prototype : target;
  const descriptor = findDescriptor(holder, methodName);
  return descriptor?.value;
}

/** Reads the descriptor so getters are never invoked while looking. */
function findDescriptor(holder: object, key: string | symbol): PropertyDescriptor | undefined {
  for (let o: object | null = holder; o !== null; o = Object.getPrototypeOf(o)) {
    const descriptor = Object.getOwnPropertyDescriptor(o, key);
    if (descriptor) return descriptor;
  }
  return undefined;
}
