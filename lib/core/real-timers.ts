import { optionalNodeBuiltin } from './node-builtin';

type Timers = typeof import('node:timers');

/**
 * Node's own timers and clock, not the globals: fake timers in an app's tests
 * replace the globals, and a scrape or sampling timer waiting on a faked one
 * would never fire. Runtimes without `node:timers` (Workers, browsers) get
 * the globals as they are when promkit loads.
 */
const nodeTimers = optionalNodeBuiltin('node:timers');

export const realSetTimeout: Timers['setTimeout'] =
  nodeTimers?.setTimeout ?? globalThis.setTimeout.bind(globalThis);
export const realClearTimeout: Timers['clearTimeout'] =
  nodeTimers?.clearTimeout ?? globalThis.clearTimeout.bind(globalThis);
export const realSetInterval: Timers['setInterval'] =
  nodeTimers?.setInterval ?? globalThis.setInterval.bind(globalThis);
export const realClearInterval: Timers['clearInterval'] =
  nodeTimers?.clearInterval ?? globalThis.clearInterval.bind(globalThis);

/** Runs `callback` once the event loop has run; a zero timeout where there is no setImmediate. */
export const realSetImmediate: (callback: () => void) => void =
  nodeTimers?.setImmediate ?? ((callback) => realSetTimeout(callback, 0));

/** The monotonic clock; `node:perf_hooks`' object where there is one, for the same reason. */
export const realPerformance: { now(): number; readonly timeOrigin: number } =
  optionalNodeBuiltin('node:perf_hooks')?.performance ?? globalThis.performance;
