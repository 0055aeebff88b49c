import { safeEnd, trackResult } from '../core/instrumentation';
import type { DecoratedMetric } from './decorated-metric';
import { addDefinition, copyFunctionMetadata } from './function-metadata';

/**
 * Wraps `original` so each call is measured by `decorated`. The wrapper keeps
 * `this`, arguments, result and errors, the function's `name` and `length`,
 * and every metadata other decorators put on the original.
 */
export function instrumentMethod(original: Function, decorated: DecoratedMetric): Function {
  // `trackCall` inlined, with `arguments` rather than a rest array or a closure:
  // V8 then passes the arguments through without allocating on every call.
  const wrapper = function (this: unknown): unknown {
    // biome-ignore lint/complexity/noArguments: measured faster than a rest parameter here
    const args = arguments;
    const call = decorated.startCall(this, args);
    if (call === undefined) return original.apply(this, args);
    let result: unknown;
    try {
      result = original.apply(this, args);
    } catch (error) {
      safeEnd(call, error, true);
      throw error;
    }
    return trackResult(result, call);
  };
  Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
  copyFunctionMetadata(original, wrapper);
  addDefinition(wrapper, decorated);
  return wrapper;
}
