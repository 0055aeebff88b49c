import { applyTracked } from '../core/call-tracking';
import type { DecoratedMetric } from './decorated-metric';
import { addDefinition, copyFunctionMetadata } from './function-metadata';
// Teach trackCall about Observables and generators before any decorated call runs.
import './generator-tracker';
import './observable-tracker';

/**
 * Wraps `original` so each call is measured by `decorated`. The wrapper keeps
 * `this`, arguments, result and errors, the function's `name` and `length`,
 * and every metadata other decorators put on the original.
 */
export function instrumentMethod(original: Function, decorated: DecoratedMetric): Function {
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    const call = decorated.startCall(this, args);
    if (call === undefined) return original.apply(this, args);
    return applyTracked(original, this, args, call);
  };
  Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
  copyFunctionMetadata(original, wrapper);
  addDefinition(wrapper, decorated);
  return wrapper;
}
