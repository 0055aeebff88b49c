import { MetricConfigError } from '../core';
import { definitionsOn } from './function-metadata';

/** A recorded definition that can be declared again under another class name (a decorated method's). */
interface Renameable {
  renameClass?(className: string): void;
}

/** Names given with `@MetricClassName`, which minifiers cannot touch. */
const fixedNames = new WeakMap<Function, string>();

/** The class a method was called on: an instance's constructor, or the class itself for statics. */
export function classNameOf(instance: unknown): string {
  const cls =
    typeof instance === 'function'
      ? instance
      : instance !== null && typeof instance === 'object'
        ? (instance.constructor as Function | undefined)
        : undefined;
  if (cls === undefined) return '';
  return fixedNames.get(cls) ?? cls.name ?? '';
}

/**
 * What minifiers make of class names: one or two characters, or a `$` they
 * add to keep names apart. A real two-letter class (`Db`) is flagged too;
 * `@MetricClassName` settles it either way.
 */
export function looksMinified(className: string): boolean {
  return (className.length > 0 && className.length <= 2) || className.includes('$');
}

/**
 * Fixes the class name promkit uses for this class's metrics: default metric
 * names (`<class>_<method>_<suffix>`), the `class` label and help texts.
 * Minifiers (esbuild, terser, webpack) rename classes, and with them every
 * derived metric name on each build; a name given here survives.
 *
 * ```ts
 * @MetricClassName('OrdersService')
 * class OrdersService { @Timed() find() {} } // orders_service_find_duration_seconds, minified or not
 * ```
 */
export function MetricClassName(name: string) {
  if (typeof name !== 'string' || name === '') {
    throw new MetricConfigError(`@MetricClassName needs a non-empty class name, got ${String(name)}`);
  }
  return (cls: Function, _context?: ClassDecoratorContext): void => {
    fixedNames.set(cls, name);
    // Legacy decorators declare methods before the class decorator runs: rename what they declared.
    for (const holder of [cls.prototype as object, cls]) {
      for (const key of Reflect.ownKeys(holder)) {
        const value = Object.getOwnPropertyDescriptor(holder, key)?.value;
        if (typeof value !== 'function' || key === 'constructor') continue;
        for (const definition of definitionsOn(value)) (definition as Renameable).renameClass?.(name);
      }
    }
  };
}
