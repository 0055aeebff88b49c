import { currentRuntime, type JsRuntime, RUNTIME_NAMES, RuntimeUnsupportedError } from '../../core';

/** Groups of default metrics that a runtime may only imitate. */
export type ImitableGroup =
  | 'eventLoopLag'
  | 'eventLoopUtilization'
  | 'activeHandles'
  | 'activeRequests'
  | 'activeResources'
  | 'gc'
  | 'heapSpaces';

/**
 * What Bun and Deno answer with Node's APIs but do not measure: a metric
 * built on them would be a constant presented as a measurement, so it is
 * left out there. Checked on Bun 1.4 and Deno 2.9 with a loop kept busy:
 * - `performance.eventLoopUtilization()` is all zeros on both;
 * - `process._getActiveHandles()` and `_getActiveRequests()` are always
 *   empty on both, `getActiveResourcesInfo()` too on Bun (Deno's is real);
 * - no `gc` performance entries are ever observed on either;
 * - Bun's `getHeapSpaceStatistics()` puts JavaScriptCore's whole heap in
 *   `old` and zeros in V8's other spaces (Deno runs V8: its spaces are real);
 * - Deno's `monitorEventLoopDelay()` records its own timer's runs, not the
 *   loop's delay: a loop blocked 30 ms in every 50 reads a median of 2 µs
 *   (Bun's follows the loop as Node's does).
 */
const NOT_MEASURED: Readonly<Partial<Record<JsRuntime, readonly ImitableGroup[]>>> = {
  bun: ['eventLoopUtilization', 'activeHandles', 'activeRequests', 'activeResources', 'gc', 'heapSpaces'],
  deno: ['eventLoopLag', 'eventLoopUtilization', 'activeHandles', 'activeRequests', 'gc'],
};

/** Whether `runtime` truly measures a group, rather than answering Node's API with a constant. */
export function measuredOn(runtime: JsRuntime): (group: ImitableGroup) => boolean {
  const imitated = NOT_MEASURED[runtime] ?? [];
  return (group) => !imitated.includes(group);
}

/**
 * Default metrics measure a process: a runtime without one (Cloudflare
 * Workers, a browser) is told so at the call, not with metrics that read 0.
 */
export function assertProcessToMeasure(runtime: JsRuntime = currentRuntime()): void {
  const proc = (globalThis as { process?: { cpuUsage?: unknown; memoryUsage?: unknown } }).process;
  if (
    runtime !== 'workerd' &&
    typeof proc?.cpuUsage === 'function' &&
    typeof proc.memoryUsage === 'function'
  ) {
    return;
  }
  throw new RuntimeUnsupportedError(
    `promkit: collectDefaultMetrics measures a process, and ${RUNTIME_NAMES[runtime]} has none to measure ` +
      '(default metrics run on Node.js, Bun and Deno; see docs/runtimes.md)',
  );
}
