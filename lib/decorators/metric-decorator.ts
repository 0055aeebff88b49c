import { getInstrumentation, MetricConfigError } from '../core';
import { classNameOf } from './class-name';
import { DecoratedMetric } from './decorated-metric';
import { definitionsOn } from './function-metadata';
import type { InstrumentSpec } from './instrument-spec';
import { instrumentMethod } from './method-wrapper';

/**
 * A decorator usable on a method or a class, with legacy
 * (`experimentalDecorators`, as Nest uses) and standard (TC39) signatures.
 */
export type MetricDecorator = {
  (target: Function): void;
  (target: object, propertyKey: string | symbol, descriptor: PropertyDescriptor): void;
  (value: Function, context: ClassMethodDecoratorContext | ClassDecoratorContext): any;
};

interface StandardContext {
  kind: string;
  name?: string | symbol;
  private?: boolean;
  addInitializer?(initializer: (this: unknown) => void): void;
}

function isStandardContext(value: unknown): value is StandardContext {
  return value !== null && typeof value === 'object' && typeof (value as StandardContext).kind === 'string';
}

export function metricDecorator(spec: InstrumentSpec): MetricDecorator {
  return ((target: unknown, key?: unknown, descriptor?: unknown) => {
    if (isStandardContext(key)) return decorateStandard(target as Function, key, spec);
    if (typeof target === 'function' && key === undefined) {
      decorateClass(target, classNameOf(target), spec);
      return undefined;
    }
    const method = descriptor as PropertyDescriptor | undefined;
    if (typeof method?.value === 'function' && (typeof key === 'string' || typeof key === 'symbol')) {
      const className = classNameOf(target);
      method.value = decorateMethod(method.value, className, keyName(key), spec);
      return method;
    }
    throw new MetricConfigError(
      `@${spec.decorator} can decorate a class or a method, not ${describeTarget(key, method)}`,
    );
  }) as MetricDecorator;
}

function decorateStandard(value: Function, context: StandardContext, spec: InstrumentSpec): unknown {
  if (context.kind === 'class') {
    decorateClass(value, classNameOf(value), spec);
    return undefined;
  }
  if (context.kind !== 'method') {
    throw new MetricConfigError(`@${spec.decorator} can decorate a class or a method, not a ${context.kind}`);
  }
  // Standard method decorators are not told their class: learn it when the class is set up or first used.
  const methodName = keyName(context.name ?? '');
  const decorated = new DecoratedMetric(spec, methodName, getInstrumentation());
  const wrapper = instrumentMethod(value, decorated);
  context.addInitializer?.(function (this: unknown) {
    decorated.declare(owningClassName(this, context, wrapper));
  });
  return wrapper;
}

/** Every own prototype method (not the constructor, getters or setters) not already decorated alike. */
function decorateClass(cls: Function, className: string, spec: InstrumentSpec): void {
  const prototype = cls.prototype as object;
  for (const key of Reflect.ownKeys(prototype)) {
    if (key === 'constructor') continue;
    const descriptor = Object.getOwnPropertyDescriptor(prototype, key)!;
    if (typeof descriptor.value !== 'function') continue;
    // A method-level decorator of the same kind is more specific than the class-level one.
    if (definitionsOn(descriptor.value).some((d) => d.decorator === spec.decorator)) continue;
    descriptor.value = decorateMethod(descriptor.value, className, keyName(key), spec);
    Object.defineProperty(prototype, key, descriptor);
  }
}

function decorateMethod(original: Function, className: string, methodName: string, spec: InstrumentSpec) {
  const decorated = new DecoratedMetric(spec, methodName, getInstrumentation());
  decorated.declare(className);
  return instrumentMethod(original, decorated);
}

/** The class that declares the method (not a subclass the instance belongs to). */
function owningClassName(receiver: unknown, context: StandardContext, wrapper: Function): string {
  const name = context.name;
  if (!context.private && name !== undefined && receiver !== null && typeof receiver === 'object') {
    for (let o: object | null = receiver; o !== null; o = Object.getPrototypeOf(o)) {
      if (Object.getOwnPropertyDescriptor(o, name)?.value === wrapper) return classNameOf(o);
    }
  }
  return classNameOf(receiver);
}

function keyName(key: string | symbol): string {
  return typeof key === 'symbol' ? (key.description ?? 'symbol') : key;
}

function describeTarget(key: unknown, descriptor: PropertyDescriptor | undefined): string {
  if (descriptor?.get || descriptor?.set) return `accessor "${String(key)}"`;
  return key === undefined ? 'this target' : `property "${String(key)}"`;
}
