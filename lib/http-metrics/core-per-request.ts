import {
  captureTrace as captureTraceOfCore,
  now as nowOfCore,
  secondsSince as secondsSinceOfCore,
  seriesRemovals as seriesRemovalsOfCore,
  withTrace as withTraceOfCore,
} from '../core';

/*
 * The functions of core every request calls, read from core's index once,
 * when this module loads. Built to CommonJS, another layer reaches core's
 * exports as getters on one object holding them all, too many properties for
 * V8 to keep it in fast mode: a call through the import itself looks its
 * getter up in a dictionary and calls it, on every call.
 */
export const captureTrace: typeof captureTraceOfCore = captureTraceOfCore;
export const now: typeof nowOfCore = nowOfCore;
export const secondsSince: typeof secondsSinceOfCore = secondsSinceOfCore;
export const seriesRemovals: typeof seriesRemovalsOfCore = seriesRemovalsOfCore;
export const withTrace: typeof withTraceOfCore = withTraceOfCore;
