import {
  captureTrace as captureTraceOfCore,
  now as nowOfCore,
  secondsSince as secondsSinceOfCore,
  seriesRemovals as seriesRemovalsOfCore,
  withTrace as withTraceOfCore,
} from '../core';

/*
 * The functions of core every request calls, read from core's index once,
 * when this module loads. Built to CommonJS, an import reaches each export
 * through a getter on core's exports object, per call; as tsc emits them
 * (and ts-node runs them), that object has too many properties for V8 to keep
 * in fast mode, and each call looks its getter up in a dictionary.
 */

export const captureTrace: typeof captureTraceOfCore = captureTraceOfCore;
export const now: typeof nowOfCore = nowOfCore;
export const secondsSince: typeof secondsSinceOfCore = secondsSinceOfCore;
export const seriesRemovals: typeof seriesRemovalsOfCore = seriesRemovalsOfCore;
export const withTrace: typeof withTraceOfCore = withTraceOfCore;
